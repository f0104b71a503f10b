using System.Text.Json;
using static MetaCapi.Graph.LenientJson;

namespace MetaCapi.Graph;

/// <summary>
/// Reads the answer of <c>GET /{version}/dataset_quality</c> into <see cref="EventQuality"/> entries, whatever shape
/// Meta used (see <c>docs/graph-reads.md</c>, "How the readers cope"): absent stays null, unknown fields are ignored.
/// </summary>
internal static class DatasetQualityReader
{
    private static readonly string[] OfflineScoreNames = ["composite", "match_key", "frequency", "freshness"];

    public static List<EventQuality> Read(JsonElement root)
    {
        var events = new List<EventQuality>();
        foreach (var item in Section(root, EventQuality.Sources.Web))
        {
            events.Add(ReadWeb(item));
        }

        foreach (var item in Section(root, EventQuality.Sources.Offline))
        {
            events.Add(ReadOffline(item));
        }

        return events;
    }

    /// <summary>The items of <c>web</c> (or <c>offline</c>): at the top, or inside Graph's <c>data</c> wrapper.</summary>
    private static IEnumerable<JsonElement> Section(JsonElement root, string name)
    {
        if (Get(root, name) is { } direct)
        {
            return Items(direct);
        }

        return Get(root, "data") is { ValueKind: JsonValueKind.Array } data
            ? data.EnumerateArray().SelectMany(item => Items(Get(item, name)))
            : [];
    }

    private static EventQuality ReadWeb(JsonElement item)
    {
        // event_match_quality is an object; diagnostics and match_key_feedback have also been seen beside it.
        var emq = Get(item, "event_match_quality", "emq");
        var emqObject = emq is { ValueKind: JsonValueKind.Object } o ? o : (JsonElement?)null;
        var coverage = Get(item, "event_coverage");
        return new EventQuality
        {
            EventName = Text(item, "event_name", "name"),
            Source = EventQuality.Sources.Web,
            Emq = emqObject is { } scored ? Number(scored, "composite_score", "score") : emq is { } bare ? Number(bare) : null,
            MatchKeys = ReadMatchKeys((emqObject is { } keys ? Get(keys, "match_key_feedback", "match_keys") : null) ?? Get(item, "match_key_feedback")),
            Diagnostics = ReadDiagnostics((emqObject is { } diagnosed ? Get(diagnosed, "diagnostics") : null) ?? Get(item, "diagnostics")),
            EventCoveragePercent = Percentage(item, "event_coverage"),
            EventCoverageGoalPercent = coverage is { ValueKind: JsonValueKind.Object } goal ? Number(goal, "goal_percentage", "goal_percent", "goal") : null,
            EventCoveragePotentialAcrPercent = coverage is { ValueKind: JsonValueKind.Object } potential ? Percentage(potential, "potential_aly_acr_increase") : null,
            Dedup = ReadDedup(Get(item, "dedupe_key_feedback", "dedup_key_feedback")),
            UploadFrequency = Get(item, "data_freshness") switch
            {
                { ValueKind: JsonValueKind.Object } freshness => Text(freshness, "upload_frequency", "frequency"),
                { ValueKind: JsonValueKind.String } frequency => frequency.GetString(),
                _ => null,
            },
            AcrPercent = Percentage(item, "acr"),
            AcrDescription = Description(item, "acr"),
            PotentialAcrPercent = Percentage(item, "event_potential_aly_acr_increase"),
            PotentialAcrDescription = Description(item, "event_potential_aly_acr_increase"),
        };
    }

    private static string? Description(JsonElement item, string name) =>
        Get(item, name) is { ValueKind: JsonValueKind.Object } value ? Text(value, "description") : null;

    private static EventQuality ReadOffline(JsonElement item)
    {
        var scores = new List<QualityScore>();
        foreach (var name in OfflineScoreNames)
        {
            switch (Get(item, name))
            {
                case { ValueKind: JsonValueKind.Object } score:
                    scores.Add(new QualityScore { Name = name, Score = Number(score, "score"), Recommendation = Text(score, "recommendation") });
                    break;
                case { } bare when Number(bare) is { } number:
                    scores.Add(new QualityScore { Name = name, Score = number });
                    break;
            }
        }

        var matchKeys = new List<MatchKeyQuality>();
        if (Get(item, "match_key") is { ValueKind: JsonValueKind.Object } matchKey
            && Get(matchKey, "coverage") is { ValueKind: JsonValueKind.Object } coverage)
        {
            foreach (var property in coverage.EnumerateObject())
            {
                matchKeys.Add(new MatchKeyQuality
                {
                    Key = MatchKeyNames.ToUserDataKey(property.Name) ?? property.Name,
                    Identifier = property.Name,
                    CoveragePercent = property.Value.ValueKind == JsonValueKind.Object
                        ? Number(property.Value, "percentage", "percent")
                        : Number(property.Value),
                });
            }
        }

        return new EventQuality
        {
            EventName = Text(item, "event_name", "name"),
            Source = EventQuality.Sources.Offline,
            MatchKeys = matchKeys,
            Scores = scores,
        };
    }

    private static List<MatchKeyQuality> ReadMatchKeys(JsonElement? feedback)
    {
        var keys = new List<MatchKeyQuality>();
        if (feedback is { ValueKind: JsonValueKind.Object } map && !map.TryGetProperty("data", out _))
        {
            // A map of identifier → coverage, the shape of the offline payload.
            foreach (var property in map.EnumerateObject())
            {
                keys.Add(new MatchKeyQuality
                {
                    Key = MatchKeyNames.ToUserDataKey(property.Name) ?? property.Name,
                    Identifier = property.Name,
                    CoveragePercent = property.Value.ValueKind == JsonValueKind.Object
                        ? Percentage(property.Value, "coverage")
                        : Number(property.Value),
                });
            }

            return keys;
        }

        foreach (var item in Items(feedback))
        {
            if (Text(item, "identifier", "key", "match_key") is not { Length: > 0 } identifier)
            {
                continue;
            }

            keys.Add(new MatchKeyQuality
            {
                Key = MatchKeyNames.ToUserDataKey(identifier) ?? identifier,
                Identifier = identifier,
                CoveragePercent = Percentage(item, "coverage", "coverage_percentage"),
                PotentialAcrPercent = Percentage(item, "potential_aly_acr_increase"),
            });
        }

        return keys;
    }

    private static List<QualityDiagnostic> ReadDiagnostics(JsonElement? diagnostics)
    {
        var list = new List<QualityDiagnostic>();
        foreach (var item in Items(diagnostics))
        {
            list.Add(new QualityDiagnostic
            {
                Name = Text(item, "name", "title"),
                Description = Text(item, "description"),
                Solution = Text(item, "solution", "recommendation"),
                AffectedPercent = Percentage(item, "percentage", "affected_percentage"),
                AffectedEventCount = Count(item, "affected_event_count"),
                TotalEventCount = Count(item, "total_event_count"),
            });
        }

        return list;
    }

    private static List<DedupKeyQuality> ReadDedup(JsonElement? feedback)
    {
        var list = new List<DedupKeyQuality>();
        foreach (var item in Items(feedback))
        {
            if (Text(item, "dedupe_key", "dedup_key", "key") is not { Length: > 0 } key)
            {
                continue;
            }

            list.Add(new DedupKeyQuality
            {
                Key = key,
                BrowserPercent = Percentage(item, "browser_events_with_dedupe_key", "browser_events_with_dedup_key"),
                ServerPercent = Percentage(item, "server_events_with_dedupe_key", "server_events_with_dedup_key"),
                DeduplicatedBrowserPercent = Percentage(item, "overall_browser_coverage_from_dedupe_key", "overall_browser_coverage_from_dedup_key"),
            });
        }

        return list;
    }
}
