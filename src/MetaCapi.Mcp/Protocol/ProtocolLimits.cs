namespace MetaCapi.Mcp.Protocol;

/// <summary>
/// What one stdio session reads, and holds, at most (see <c>docs/decisions.md</c>, "Protocol limits"). Each limit
/// keeps the memory of one client's burst bounded, so a large call cannot take the memory the next call needs.
/// </summary>
internal static class ProtocolLimits
{
    /// <summary>
    /// The largest JSON-RPC message read: 16 MiB. A full batch of 1000 events with every field is about 1 MiB, so this
    /// leaves room for large custom data; a larger message is answered with an error without being kept in memory.
    /// </summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>The deepest nesting read, as the MCP SDK reads messages (System.Text.Json's default).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The bytes of requests that may be in flight (read, not yet answered) before the next message is read: 16 MiB.
    /// Past it, reading waits for answers, so stdin's own buffer holds back a client that sends faster than calls end.
    /// </summary>
    public const long InFlightBytes = 16 * 1024 * 1024;
}
