namespace PeroCore.Nit.Blocks;

/// <summary>The two block formats a reply may contain.</summary>
public enum NitBlockKind
{
    /// <summary>A NIT 2.0 script: <c>&lt;nit&gt;…&lt;/nit&gt;</c> or <c>&lt;nit-XXXX&gt;…&lt;/nit-XXXX&gt;</c>, any case.</summary>
    Script,

    /// <summary>A NIT 1.0 call: <c>[[[NIT_CALL]]]…[[[NIT_END]]]</c>, case-sensitive.</summary>
    Legacy,
}
