namespace MetaCapi.Normalization;

/// <summary>
/// The hashes of values already normalized in one batch (a call's events, a chunk of a file's rows), for the keys whose
/// values repeat across customers: names, date of birth, gender, city, state, ZIP, country. A value seen again with the
/// same context (the event's country and phone region, today) gets the same hash and warning without being normalized
/// and hashed again: the rules are pure functions of these. Email, phone and external ID are near unique per customer
/// and are not kept. One memo serves one thread, lives as long as its batch (raw values are not kept past it), and
/// holds at most <see cref="Capacity"/> values.
/// </summary>
internal sealed class HashMemo
{
    /// <summary>The most values kept; a full memo starts over.</summary>
    public const int Capacity = 1024;

    private readonly Dictionary<Key, Entry> _entries = new();

    /// <summary>Whether values of the hashed key at <paramref name="keyIndex"/> (in <c>UserDataKeys.Hashed</c>) are kept.</summary>
    public static bool Keeps(int keyIndex) => keyIndex is >= 2 and <= 9;

    public bool TryGet(int keyIndex, string raw, string? country, string? region, DateOnly today, out string? hash, out string? warning)
    {
        if (_entries.TryGetValue(new Key(keyIndex, raw, country, region, today), out var entry))
        {
            (hash, warning) = (entry.Hash, entry.Warning);
            return true;
        }

        (hash, warning) = (null, null);
        return false;
    }

    public void Add(int keyIndex, string raw, string? country, string? region, DateOnly today, string? hash, string? warning)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[new Key(keyIndex, raw, country, region, today)] = new Entry(hash, warning);
    }

    private readonly record struct Key(int KeyIndex, string Raw, string? Country, string? Region, DateOnly Today);

    private readonly record struct Entry(string? Hash, string? Warning);
}
