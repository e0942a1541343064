using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Parsing;

/// <summary>Writes the AST as JSON for <c>perocore nit check</c> and for tests.</summary>
internal static class NitAstJsonWriter
{
    public static string Write(NitScript script, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented, SkipValidation = true };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (NitStatement statement in script.Statements)
            {
                WriteStatement(writer, statement);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStatement(Utf8JsonWriter writer, NitStatement statement)
    {
        if (statement.Target is null)
        {
            WriteExpression(writer, statement.Value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "assignment");
        WritePosition(writer, statement);
        writer.WriteString("target", statement.Target);
        writer.WritePropertyName("value");
        WriteExpression(writer, statement.Value);
        writer.WriteEndObject();
    }

    private static void WriteExpression(Utf8JsonWriter writer, NitExpression expression)
    {
        writer.WriteStartObject();
        switch (expression)
        {
            case NitCall call:
                writer.WriteString("type", "call");
                WritePosition(writer, call);
                writer.WriteString("tool", call.ToolName);
                writer.WriteBoolean("async", call.IsAsync);
                if (call.Callback is null)
                {
                    writer.WriteNull("callback");
                }
                else
                {
                    writer.WriteString("callback", call.Callback);
                }

                writer.WriteStartObject("args");
                foreach (NitArgument argument in call.Arguments)
                {
                    writer.WritePropertyName(argument.Name);
                    WriteExpression(writer, argument.Value);
                }

                writer.WriteEndObject();
                break;
            case NitLiteral literal:
                writer.WriteString("type", literal.Kind switch
                {
                    NitLiteralKind.String => "string",
                    NitLiteralKind.Integer => "int",
                    NitLiteralKind.Float => "float",
                    NitLiteralKind.Boolean => "bool",
                    _ => "null",
                });
                WritePosition(writer, literal);
                writer.WritePropertyName("value");
                NitValueFormatter.WriteJson(writer, literal.Value, 0);
                break;
            case NitVariableReference variable:
                writer.WriteString("type", "variable");
                WritePosition(writer, variable);
                writer.WriteString("name", variable.Name);
                break;
            case NitListExpression list:
                writer.WriteString("type", "list");
                WritePosition(writer, list);
                writer.WriteStartArray("items");
                foreach (NitExpression item in list.Items)
                {
                    WriteExpression(writer, item);
                }

                writer.WriteEndArray();
                break;
            case NitDictionaryExpression dictionary:
                writer.WriteString("type", "dict");
                WritePosition(writer, dictionary);
                writer.WriteStartObject("entries");
                foreach (KeyValuePair<string, NitExpression> entry in dictionary.Entries)
                {
                    writer.WritePropertyName(entry.Key);
                    WriteExpression(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter writer, NitNode node)
    {
        writer.WriteNumber("line", node.Line);
        writer.WriteNumber("column", node.Column);
    }
}
