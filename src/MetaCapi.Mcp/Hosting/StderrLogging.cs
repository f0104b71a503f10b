using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// Logging for a stdio server: one console logger, every level on stderr (stdout is the JSON-RPC channel), and a
/// guard that keeps the MCP SDK's Trace lines out of the log whatever the configuration says: at Trace the SDK
/// writes whole protocol messages, and tool arguments carry raw customer data.
/// </summary>
internal static class StderrLogging
{
    private static readonly string[] QuietCategories =
        ["ModelContextProtocol", "Microsoft.Hosting.Lifetime", "Polly", "MetaCapi.Graph"];

    public static ILoggingBuilder AddStderrConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Quiet defaults: one line per tool call from the tools; retries and problems from the rest. A level set in
        // configuration (Logging__LogLevel__<category>) for one of these categories wins over its default.
        foreach (var category in QuietCategories)
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null)
            {
                logging.AddFilter(category, LogLevel.Warning);
            }
        }

        var console = logging.Services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        logging.Services.Remove(console);
        logging.Services.AddSingleton<ConsoleLoggerProvider>();
        logging.Services.AddSingleton<ILoggerProvider>(services => new ProtocolPayloadGuard(services.GetRequiredService<ConsoleLoggerProvider>()));
        return logging;
    }

    /// <summary>Drops Trace lines of the MCP SDK (its "…Sensitive" messages quote protocol payloads).</summary>
    private sealed class ProtocolPayloadGuard(ConsoleLoggerProvider inner) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith("ModelContextProtocol", StringComparison.Ordinal) ? new NoTrace(logger) : logger;
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => inner.SetScopeProvider(scopeProvider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class NoTrace(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Trace)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
