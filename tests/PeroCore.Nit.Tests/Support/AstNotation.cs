using System.Numerics;
using System.Text;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tests.Support;

/// <summary>Renders an AST in the notation of spec §7: <c>[Call(foo,{a:Lit(1)},false,null)]</c>.</summary>
internal static class AstNotation
{
    public static string Format(NitScript script)
        => "[" + string.Join(",", script.Statements.Select(Format)) + "]";

    public static string Format(NitStatement statement)
        => statement.Target is null ? Format(statement.Value) : $"Assign({statement.Target},{Format(statement.Value)})";

    public static string Format(NitExpression expression) => expression switch
    {
        NitCall call => $"Call({call.ToolName},{{{string.Join(",", call.Arguments.Select(a => a.Name + ":" + Format(a.Value)))}}},{(call.IsAsync ? "true" : "false")},{call.Callback ?? "null"})",
        NitLiteral literal => "Lit(" + FormatLiteral(literal) + ")",
        NitVariableReference variable => $"Var({variable.Name})",
        NitListExpression list => "List[" + string.Join(",", list.Items.Select(Format)) + "]",
        NitDictionaryExpression dict => "Dict{" + string.Join(",", dict.Entries.Select(e => e.Key + ":" + Format(e.Value))) + "}",
        _ => throw new InvalidOperationException(),
    };

    private static string FormatLiteral(NitLiteral literal) => literal.Value switch
    {
        null => "null",
        string s => Quote(s),
        double d => NitValueFormatter.FormatDouble(d),
        long or BigInteger => NitValueFormatter.Format(literal.Value),
        bool b => b ? "true" : "false",
        _ => throw new InvalidOperationException(),
    };

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
