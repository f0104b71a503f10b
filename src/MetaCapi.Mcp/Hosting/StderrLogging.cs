using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// Logging for a stdio server: every line on stderr (stdout is the JSON-RPC channel), one line per entry in the
/// console logger's single-line form (<c>info: Category[event id] message</c>), and a guard that keeps the MCP
/// SDK's Trace lines out of the log whatever the configuration says: at Trace the SDK writes whole protocol
/// messages, and tool arguments carry raw customer data. Levels come from the <c>Logging</c> configuration.
/// </summary>
/// <remarks>
/// A few lines of our own rather than Microsoft.Extensions.Logging.Console: its options, formatters and change
/// tracking are resolved through generic types that Native AOT builds at run time, which cost a large share of the
/// server's start-up.
/// </remarks>
internal static class StderrLogging
{
    private static readonly string[] QuietCategories =
        ["ModelContextProtocol", "Microsoft.Hosting.Lifetime", "Polly", "MetaCapi.Graph", "Microsoft.AspNetCore"];

    /// <param name="logging">The host's logging.</param>
    /// <param name="configuration">Where levels set for a quiet category are found.</param>
    /// <param name="writer">Where the lines go: stderr unless a test captures them.</param>
    public static ILoggingBuilder AddStderrConsole(this ILoggingBuilder logging, IConfiguration configuration, TextWriter? writer = null)
    {
        logging.ClearProviders();
        logging.Services.AddSingleton<ILoggerProvider>(new StderrLoggerProvider(writer ?? Console.Error));

        // Quiet defaults: one line per tool call from the tools (and per request from the HTTP server, whose own line
        // replaces ASP.NET Core's: that one quotes the whole URL); retries and problems from the rest. A level set in
        // configuration (Logging__LogLevel__<category>) for one of these categories wins over its default.
        foreach (var category in QuietCategories)
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null)
            {
                logging.AddFilter(category, LogLevel.Warning);
            }
        }

        return logging;
    }

    private sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            new StderrLogger(categoryName, stderr, dropTrace: categoryName.StartsWith("ModelContextProtocol", StringComparison.Ordinal));

        public void Dispose()
        {
        }
    }

    /// <summary>Writes one line per entry; <paramref name="dropTrace"/> drops Trace (the MCP SDK's "…Sensitive" messages quote payloads).</summary>
    private sealed class StderrLogger(string category, TextWriter stderr, bool dropTrace) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !(dropTrace && logLevel == LogLevel.Trace);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (string.IsNullOrEmpty(message) && exception is null)
            {
                return;
            }

            var line = new StringBuilder(category.Length + message.Length + 16)
                .Append(Label(logLevel)).Append(": ").Append(category).Append('[').Append(eventId.Id).Append("] ");
            AppendSingleLine(line, message);
            if (exception is not null)
            {
                AppendSingleLine(line.Append(' '), exception.ToString());
            }

            // Console.Error is synchronized: concurrent entries never interleave within a line.
            stderr.WriteLine(line.ToString());
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };

        private static void AppendSingleLine(StringBuilder line, string text)
        {
            foreach (var c in text)
            {
                line.Append(c is '\r' or '\n' ? ' ' : c);
            }
        }
    }
}
