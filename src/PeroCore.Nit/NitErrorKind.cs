namespace PeroCore.Nit;

/// <summary>The stage of the NIT pipeline that raised a <see cref="NitException"/>.</summary>
public enum NitErrorKind
{
    /// <summary>The scanner met text that is not a NIT token (<c>Lexer error at line L, col C: ...</c>).</summary>
    Lexer,

    /// <summary>The tokens do not form a NIT script (<c>Parser error at line L, col C: ...</c>).</summary>
    Parser,

    /// <summary>
    /// The interpreter stopped the script (<c>Runtime error at line L, col C: ...</c>), e.g. a value grew past
    /// <see cref="Runtime.NitRuntimeOptions.MaxValueSize"/>.
    /// </summary>
    Runtime,
}
