using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Mcp.Commands;
using MetaCapi.Mcp.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MetaCapi.Mcp.Hosting;

/// <summary>Registers the MCP server: the Conversions API library, the tools, the server's identity; one registration for every transport.</summary>
internal static class ServerRegistration
{
    public const string Instructions =
        "Sends server-side conversion events to Meta's Conversions API (CAPI). " +
        "Pass customer data RAW in user_data (email, phone, name, address, …): this server normalizes and SHA-256 hashes it exactly as " +
        "Meta's Pixel and SDKs do, so never hash it yourself and never put it in custom_data. Include every identifier you have; em, ph, " +
        "fbc, external_id and client_ip_address + client_user_agent matter most. " +
        "While testing, pass test_event_code (from Events Manager → Test Events) or use meta_preview_conversion_event, which sends nothing. " +
        "Set event_id to the browser Pixel's eventID for the same action (e.g. the order number) so Meta counts it once. " +
        "event_time is Unix SECONDS, at most 7 days old. " +
        "Statuses: sent = Meta accepted it (events_received is Meta's count); rejected = our validation refused it and nothing was sent " +
        "(fix the listed errors and call again); failed = Meta or the network refused it (meta_error.hint says what to do; retryable " +
        "errors may succeed later with the same event_id); preview = dry run, nothing sent. " +
        "Check what Meta received, then fix: meta_get_event_stats shows per event how many arrived from the server and from the browser " +
        "Pixel (an event arriving only from the browser is not sent from the server yet); meta_get_dataset_quality shows Meta's Event " +
        "Match Quality per event and advice, most valuable first, naming the parameter to add (user_data.ph, event_id, …); send " +
        "better events with it and check again. Both only read, and need a token that may read the dataset (a system user token with " +
        "ads_read).";

    /// <summary>What the instructions add when the file tools are offered.</summary>
    public const string FileInstructions =
        "Conversions in a file (a shop's orders, phone sales, a CRM export) go through meta_preview_conversion_file first: show the user " +
        "the mapping it returns and fix it with columns and defaults; then meta_send_conversion_file with the same arguments. Calling the " +
        "send tool again with the same arguments is safe: it continues an interrupted upload and never resends what Meta acknowledged.";

    /// <summary>
    /// The MCP server without its transport: the Conversions API library, the tools, the server's identity and
    /// instructions, and the incoming message filters. The stdio and HTTP hosts add their transport to what this returns,
    /// so both serve the same tools with the same results.
    /// </summary>
    public static IMcpServerBuilder AddMetaCapiMcpServer(this IServiceCollection services, IConfiguration configuration)
    {
        // Also registers the one EventPreparer the tools share with the client.
        services.AddMetaConversionsApi(configuration);
        var uploads = FileUploadSettings.Read(configuration).Options;
        AddTools(services, uploads);

        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = CommandLine.Command,
                    Title = "Meta Conversions API",
                    Version = CommandLine.Version,
                };
                options.ServerInstructions = uploads.Roots.IsConfigured ? Instructions + " " + FileInstructions : Instructions;
            })
            .WithMessageFilters(filters => filters.AddIncomingFilter(ArgumentTextGuard.Filter));
    }

    /// <summary>
    /// The tools, one line each: the SDK serves every <see cref="McpServerTool"/> registered in the container. Each is
    /// made by a factory rather than by the container's reflection over its constructor, and its logger by
    /// <see cref="LoggerFactoryExtensions.CreateLogger{T}(ILoggerFactory)"/>: in the Native AOT binary, resolving a
    /// constructor and an <c>ILogger&lt;T&gt;</c> per tool loads types at run time, which tools/list waits for.
    /// </summary>
    private static void AddTools(IServiceCollection services, FileUploadOptions uploads)
    {
        services.AddSingleton<McpServerTool>(static p => new SendConversionEventTool(Preparer(p), Options(p), p, Logger<SendConversionEventTool>(p)));
        services.AddSingleton<McpServerTool>(static p => new SendConversionEventsTool(Preparer(p), Options(p), p, Logger<SendConversionEventsTool>(p)));
        services.AddSingleton<McpServerTool>(static p => new PreviewConversionEventTool(Preparer(p), Options(p), Logger<PreviewConversionEventTool>(p)));
        services.AddSingleton<McpServerTool>(static p => new DatasetQualityTool(Options(p), p, Logger<DatasetQualityTool>(p)));
        services.AddSingleton<McpServerTool>(static p => new EventStatsTool(Options(p), p, p.GetRequiredService<TimeProvider>(), Logger<EventStatsTool>(p)));

        // The file tools exist only when a folder is open to them (META_FILE_ROOTS or --file-root).
        services.AddSingleton(uploads);
        if (uploads.Roots.IsConfigured)
        {
            services.AddSingleton<McpServerTool>(static p => new PreviewConversionFileTool(
                Preparer(p), Options(p), p.GetRequiredService<FileUploadOptions>(), Logger<PreviewConversionFileTool>(p)));
            services.AddSingleton<McpServerTool>(static p => new SendConversionFileTool(
                Preparer(p), Options(p), p.GetRequiredService<FileUploadOptions>(), p, Logger<SendConversionFileTool>(p)));
        }
    }

    private static EventPreparer Preparer(IServiceProvider services) => services.GetRequiredService<EventPreparer>();

    private static IOptions<ConversionsApiOptions> Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ConversionsApiOptions>>();

    private static ILogger<T> Logger<T>(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger<T>();
}
