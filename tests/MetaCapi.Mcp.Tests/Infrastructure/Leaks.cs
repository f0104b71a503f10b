namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// What must never appear in anything the server writes (stdout, stderr, a result): the secrets every test server
/// runs with, and the raw customer data the tests send, in the forms a leak would take (as given, normalized, the
/// bare digits of a phone). None of these strings occurs in the tool descriptions or schemas.
/// </summary>
public static class Leaks
{
    public static IReadOnlyList<string> Forbidden { get; } =
    [
        ServerCommand.AccessToken,
        ServerCommand.AppSecret,
        // EventJson.RawEmail and EventJson.RawPhone, as given and as normalized (E.164 digits).
        "John_Smith",
        "555-1212",
        "6505551212",
    ];

    /// <summary>The forbidden strings found in <paramref name="text"/> (case-insensitive: an email may be lowercased).</summary>
    public static IReadOnlyList<string> Find(string text, IEnumerable<string>? extra = null) =>
        [.. Forbidden.Concat(extra ?? []).Where(f => text.Contains(f, StringComparison.OrdinalIgnoreCase))];

    public static void AssertNone(string text, IEnumerable<string>? extra = null)
    {
        var found = Find(text, extra);
        Assert.True(found.Count == 0, $"leaked: {string.Join(", ", found.Select(Mask))}");
    }

    /// <summary>Names a leak in a failure message without repeating the whole secret.</summary>
    private static string Mask(string value) => value.Length <= 6 ? $"'{value}'" : $"'{value[..4]}…' ({value.Length} chars)";
}
