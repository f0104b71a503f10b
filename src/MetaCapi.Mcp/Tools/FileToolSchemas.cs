using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaCapi.Mcp.Tools;

/// <summary>The input schemas of the file tools (hand-built like <see cref="ToolSchemas"/>, strict-validator clean).</summary>
internal static class FileToolSchemas
{
    private static readonly Lazy<JsonElement> PreviewSchema = new(() => Build(send: false));
    private static readonly Lazy<JsonElement> SendSchema = new(() => Build(send: true));

    /// <summary>Schema of <c>meta_preview_conversion_file</c> (<paramref name="send"/> false) or <c>meta_send_conversion_file</c>; built once.</summary>
    public static JsonElement For(bool send) => (send ? SendSchema : PreviewSchema).Value;

    private static JsonElement Build(bool send)
    {
        var properties = new JsonObject
        {
            ["path"] = String(
                "The file: absolute, or relative to the first folder of META_FILE_ROOTS; it must be inside one of those folders. " +
                "CSV/TSV with a header row (comma, semicolon, tab or pipe), JSON Lines (one event object per line) or a JSON array " +
                "of event objects, UTF-8, optionally gzip-compressed (.gz)."),
            ["pixel_id"] = String(ToolSchemas.PixelIdDescription + (send ? string.Empty : " Optional for a preview.")),
            ["format"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray("auto", "csv", "jsonl", "json"),
                ["default"] = "auto",
                ["description"] = "auto (default): by extension (.csv .tsv .txt .jsonl .ndjson .json, .gz after any), else sniffed.",
            },
            ["columns"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] =
                    "Optional: header → event field, overriding the automatic matching (which knows Email, Phone Number, First Name, " +
                    "Zip/Postal Code, Order Total, Currency, Created At, … case- and punctuation-insensitively). A field is a per-event path " +
                    "(event_name, event_time, event_id, action_source, custom_data.value, custom_data.order_id, user_data.em, …) or a bare " +
                    "user_data key (em, ph, fn, ln, external_id, …). null ignores the column. Two columns for one customer key both go " +
                    "(e.g. two emails). Example: {\"Order Date\": \"event_time\", \"Notes\": null}.",
                ["additionalProperties"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "null" }),
                },
            },
            ["defaults"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] =
                    "Optional: event field → value for every row that has none, e.g. {\"event_name\": \"Purchase\", \"action_source\": " +
                    "\"physical_store\", \"custom_data.currency\": \"EUR\", \"user_data.country\": \"DE\"}. Offline sales use action_source " +
                    "physical_store (events up to 62 days old), phone_call or system_generated.",
            },
            ["time_zone"] = String(
                "IANA time zone (e.g. Europe/Berlin, America/New_York) for dates and times written without an offset; default UTC. " +
                "Times may be Unix seconds or milliseconds, ISO 8601, or common forms such as 2025-03-14 09:30, 03/14/2025 9:30 AM, 14.03.2025 09:30."),
            ["test_event_code"] = String(ToolSchemas.TestEventCodeDescription),
            ["response_format"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray("markdown", "json"),
                ["default"] = "markdown",
                ["description"] = ToolSchemas.ResponseFormatDescription,
            },
        };
        if (send)
        {
            properties["force"] = new JsonObject
            {
                ["type"] = "boolean",
                ["default"] = false,
                ["description"] =
                    "Send again an upload the journal says is finished (same file, pixel and mapping). Without it, repeating a finished " +
                    "upload sends nothing; repeating an unfinished one sends only what Meta has not acknowledged.",
            };
            properties["rejected_rows_path"] = String(
                "Optional: a file (inside a META_FILE_ROOTS folder) to write the rejected rows to, as they were, with a reason column; " +
                "fix them there and upload that file.");
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = send ? new JsonArray("path", "pixel_id") : new JsonArray("path"),
            ["additionalProperties"] = false,
        };
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return document.RootElement.Clone();
    }

    private static JsonObject String(string description) => new() { ["type"] = "string", ["description"] = description };
}
