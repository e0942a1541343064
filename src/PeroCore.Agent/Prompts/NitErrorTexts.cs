using System.Text.RegularExpressions;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// The Chinese wording of the fixed English texts the NIT library writes into tool outputs (error headlines, parser and
/// argument errors, statement lines, task notices), as ordered rewrites for <c>NitFeedbackTexts.Rewrites</c>. The NIT
/// library's own output stays as its spec pins it; the agent applies these only to what a Chinese prompt shows the model.
/// </summary>
internal static class NitErrorTexts
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Pattern → replacement, applied in this order (specific before general).</summary>
    public static IReadOnlyList<KeyValuePair<Regex, string>> Chinese { get; } = Build(
    [
        // Error headlines (NitException): "Parser error at line 2, col 5: reason".
        (@"Lexer error at line (\d+), col (\d+): ", "词法错误（第 $1 行，第 $2 列）："),
        (@"Parser error at line (\d+), col (\d+): ", "语法错误（第 $1 行，第 $2 列）："),
        (@"Runtime error at line (\d+), col (\d+): ", "运行错误（第 $1 行，第 $2 列）："),

        // Lexer and parser reasons.
        (@"Unexpected character: ", "意外的字符："),
        (@"Empty variable name", "变量名为空"),
        (@"Unterminated string", "字符串没有结束（缺少结尾的引号）"),
        (@"Invalid number literal '([^'\n]*)' \(too long\)", "无效的数字 '$1'（太长）"),
        (@"Invalid number literal '([^'\n]*)'", "无效的数字 '$1'"),
        (@"Expected value, got (TokenType\.\w+)", "这里需要一个值，实际是 $1"),
        (@"Expected dictionary key, got (TokenType\.\w+)", "这里需要字典的键，实际是 $1"),
        (@"Nesting too deep \(more than (\d+) levels\)", "嵌套太深（超过 $1 层）"),
        (@"Expected (TokenType\.\w+), got (TokenType\.\w+)", "这里需要 $1，实际是 $2"),

        // Argument binder.
        (@"Parameter '([^'\n]*)' of tool '([^'\n]*)' is required and cannot be null\.", "工具 '$2' 的参数 '$1' 是必填的，不能为 null。"),
        (@"Invalid value for parameter '([^'\n]*)' of tool '([^'\n]*)': expected (\w+), got ([^\n]*?)\.(?=\s|$)", "工具 '$2' 的参数 '$1' 的值无效：需要 $3，实际是 $4。"),
        (@"Missing required parameter '([^'\n]*)' for tool '([^'\n]*)'\.", "工具 '$2' 缺少必填参数 '$1'。"),
        (@" Unknown arguments given: ([^\n]*?)\.(?=\s|$)", " 给出了未知参数：$1。"),

        // Registry.
        (@"Arguments for tool '([^'\n]*)' must be a JSON object\.", "工具 '$1' 的参数必须是一个 JSON 对象。"),
        (@"Invalid JSON arguments for tool '([^'\n]*)': [^\n]*", "工具 '$1' 的参数不是有效的 JSON。"),
        (@"Tool '([^'\n]*)' is ambiguous; use one of: ([^\n]*?)\.(?=\s|$)", "工具 '$1' 有歧义；请使用其中之一：$2。"),
        (@"Tool '([^'\n]*)' is not available on this platform \((\w+)\)\.", "工具 '$1' 在当前平台（$2）上不可用。"),
        (@"Tool '([^'\n]*)' is disabled: its group '([^'\n]*)' is switched off in config \(Tools:Disabled\)\.", "工具 '$1' 已被禁用：它所属的工具组 '$2' 在配置中被关闭（Tools:Disabled）。"),
        (@"Tool '([^'\n]*)' is disabled: its category '([^'\n]*)' is switched off in config \(Tools:Disabled\)\.", "工具 '$1' 已被禁用：它所属的类别 '$2' 在配置中被关闭（Tools:Disabled）。"),
        (@"Tool '([^'\n]*)' is disabled\.", "工具 '$1' 已被禁用。"),
        (@"Tool '([^'\n]*)' timed out after ([\d.]+) (s|ms)\.", "工具 '$1' 在 $2 $3 后超时。"),
        (@"'([^'\n]*)' is a Plugin Category, not a Tool\. Did you mean to use one of these tools\? ", "'$1' 是插件类别，不是工具。你是想用其中的这些工具吗？"),
        (@"Plugin '([^'\n]*)' \(normalized: ([^)\n]*)\) not found\.", "工具或插件 '$1'（规范化为 $2）不存在。"),
        (@" Did you mean: ([^\n]*?)\?", "你是想用：$1？"),

        // Runtime.
        (@"Undefined variable: \$", "未定义的变量：$$"),
        (@"Script Error: the block has (\d+) statements \(limit (\d+)\)\.", "脚本错误：这个块有 $1 条语句（上限 $2）。"),
        (@"Value too large: this list", "值太大：这个列表"),
        (@"Value too large: this dictionary", "值太大：这个字典"),
        (@"Value too large: this value", "值太大：这个值"),
        (@"Value too large: the result of ([^\s]+)", "值太大：$1 的结果"),
        (@" would take more than (\d+) characters when formatted \(limit MaxValueSize = \d+\)\. The script was stopped; build smaller values\.",
            "格式化后会超过 $1 个字符（上限 MaxValueSize = $1）。脚本已停止；请构造更小的值。"),
        (@"Too many background tasks \(limit (\d+)\); '([^'\n]*)' was not started\.", "后台任务太多（上限 $1）；'$2' 没有启动。"),
        (@"Variable limit \((\d+)\) reached: \$(\w+) was not stored\.", "变量数量已达上限（$1）：$$$2 没有保存。"),
        (@"Script stopped at line (\d+): (\d+) statement\(s\) after it did not run\.", "脚本在第 $1 行停止：其后的 $2 条语句没有执行。"),
        (@"Skipped: NIT 1\.0 \(\[\[\[NIT_CALL\]\]\]\) blocks are disabled; use a <nit> script\.", "已跳过：NIT 1.0（[[[NIT_CALL]]]）块已被禁用；请使用 <nit> 脚本。"),
        (@"Skipped: this reply already contains a <nit> script, so the NIT 1\.0 block was not run\.", "已跳过：这条回复已经包含 <nit> 脚本，所以没有执行 NIT 1.0 块。"),
        (@"^Script Error: ", "脚本错误："),
        (@"The task was cancelled\.", "任务已取消。"),
        (@"Async task scheduled", "异步任务已安排"),

        // Statement lines and task notices.
        (@"^Call: ", "调用："),
        (@"^Assignment: \$", "赋值：$$"),
        (@"\[Async task #(\d+)\] ([^\s]+) cancelled$", "【异步任务 #$1】$2 已取消"),
        (@"\[Async task #(\d+)\] ", "【异步任务 #$1】"),
        (@"^  callback ", "  回调 "),
        (@"(^|-> |= )Error: ", "$1错误："),
    ]);

    private static KeyValuePair<Regex, string>[] Build((string Pattern, string Replacement)[] rules) =>
        [.. rules.Select(r => new KeyValuePair<Regex, string>(new Regex(r.Pattern, Options, Timeout), r.Replacement))];
}
