using System.Text;
using System.Text.RegularExpressions;

namespace MetaCapi.Graph;

/// <summary>
/// The <c>fields</c> projection of a Dataset Quality request, as a small tree (<c>web{event_name,acr{percentage}}</c>),
/// and what to ask instead when Meta refuses one of its fields as nonexisting: the other spelling of the deduplication
/// feedback, or the same projection without the field. See <c>docs/graph-reads.md</c>.
/// </summary>
internal sealed partial record DatasetQualityFields(IReadOnlyList<DatasetQualityFields.Node> Roots)
{
    public const string DedupeSpelling = "dedupe_key_feedback";
    public const string DedupSpelling = "dedup_key_feedback";

    /// <summary>Every metric this library reads, every sub-field named (defaults omit diagnostics and the ACR estimates).</summary>
    public static DatasetQualityFields Default { get; } = new(
    [
        N("web",
            N("event_name"),
            N("event_match_quality",
                N("composite_score"),
                N("match_key_feedback", N("identifier"), N("coverage", N("percentage")), Acr("potential_aly_acr_increase")),
                N("diagnostics", N("name"), N("description"), N("solution"), N("percentage"), N("affected_event_count"), N("total_event_count"))),
            N("event_coverage", N("percentage"), N("goal_percentage"), N("description"), Acr("potential_aly_acr_increase")),
            N(DedupeSpelling,
                N("dedupe_key"), Acr("browser_events_with_dedupe_key"), Acr("server_events_with_dedupe_key"),
                Acr("overall_browser_coverage_from_dedupe_key")),
            N("data_freshness", N("upload_frequency"), N("description")),
            Acr("acr"),
            Acr("event_potential_aly_acr_increase")),
        N("offline", N("event_name"), N("composite"), N("match_key"), N("frequency"), N("freshness")),
    ]);

    /// <summary>The value of the <c>fields</c> query parameter.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(512);
        Append(text, Roots);
        return text.ToString();
    }

    /// <summary>Whether the projection asks for <paramref name="name"/> anywhere.</summary>
    public bool Contains(string name) => Contains(Roots, name);

    /// <summary>
    /// What to ask after Meta refused <paramref name="name"/> as nonexisting: the other spelling of the deduplication
    /// feedback (without sub-fields, whose names would differ too), else the projection without every field of that name
    /// (a parent left with no sub-field is asked bare). Null when <paramref name="name"/> is not asked for.
    /// </summary>
    public DatasetQualityFields? Without(string name)
    {
        if (!Contains(name))
        {
            return null;
        }

        if (name == DedupeSpelling)
        {
            return new(Replace(Roots, name, new Node(DedupSpelling, [])));
        }

        return new(Remove(Roots, name));
    }

    /// <summary>
    /// The field a Graph error refuses as nonexisting: <c>(#100) Tried accessing nonexisting field (dedup_key_feedback)</c>
    /// (sometimes followed by <c>on node type (...)</c>). Null for any other message.
    /// </summary>
    public static string? RefusedField(GraphError? error)
    {
        if (error is not { Code: 100, Message: { } message })
        {
            return null;
        }

        var match = NonexistingField().Match(message);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    private static Node N(string name, params Node[] children) => new(name, children);

    private static Node Acr(string name) => N(name, N("percentage"), N("description"));

    private static void Append(StringBuilder text, IReadOnlyList<Node> nodes)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(nodes[i].Name);
            if (nodes[i].Children.Count > 0)
            {
                text.Append('{');
                Append(text, nodes[i].Children);
                text.Append('}');
            }
        }
    }

    private static bool Contains(IReadOnlyList<Node> nodes, string name) =>
        nodes.Any(node => node.Name == name || Contains(node.Children, name));

    private static Node[] Remove(IReadOnlyList<Node> nodes, string name) =>
        [.. nodes.Where(node => node.Name != name).Select(node => node with { Children = Remove(node.Children, name) })];

    private static Node[] Replace(IReadOnlyList<Node> nodes, string name, Node replacement) =>
        [.. nodes.Select(node => node.Name == name ? replacement : node with { Children = Replace(node.Children, name, replacement) })];

    [GeneratedRegex(@"nonexisting field \(([^)]+)\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonexistingField();

    /// <summary>One field, with the sub-fields asked for (none: Meta's defaults).</summary>
    public sealed record Node(string Name, IReadOnlyList<Node> Children);
}
