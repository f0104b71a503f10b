namespace MetaCapi.Quality;

/// <summary>
/// The bands of Meta's Event Match Quality score (0–10) as Events Manager shows them: poor, ok, good, great. Meta names
/// 6.0 or more as the target; the band boundaries (4, 6, 8) are this library's reading of Events Manager, see
/// <c>docs/graph-reads.md</c>. The score itself always comes from Meta.
/// </summary>
internal static class EventMatchQualityScale
{
    /// <summary>The score Meta recommends reaching (6.0).</summary>
    public const double Target = 6.0;

    /// <summary>The band of <paramref name="score"/>: <c>poor</c>, <c>ok</c>, <c>good</c> or <c>great</c>; null without a score.</summary>
    public static string? Rate(double? score) => score switch
    {
        null => null,
        >= 8 => "great",
        >= Target => "good",
        >= 4 => "ok",
        _ => "poor",
    };
}
