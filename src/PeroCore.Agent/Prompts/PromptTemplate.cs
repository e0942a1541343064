namespace PeroCore.Agent.Prompts;

/// <summary>One prompt template: its name (the file name without extension), its text and where it came from.</summary>
/// <param name="Name">Template name, referenced as <c>{{Name}}</c>.</param>
/// <param name="Text">Template text with front matter removed, line endings normalised to <c>\n</c>, trailing whitespace trimmed.</param>
/// <param name="Source">The file path, or <c>embedded:...</c> for the copy built into the assembly.</param>
public sealed record PromptTemplate(string Name, string Text, string Source);
