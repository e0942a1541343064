namespace PeroCore.Memory.Text;

/// <summary>
/// A span of time a query speaks of ("last week", "in May", "昨天"), resolved against the store's clock:
/// <see cref="Start"/> inclusive, <see cref="End"/> exclusive, with the phrase that named it.
/// </summary>
public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End, string Phrase)
{
    /// <summary>Whether <paramref name="time"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;
}
