using MetaCapi.Graph;
using MetaCapi.Mcp.Tools;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MetaCapi.Mcp.Hosting.Http;

/// <summary>
/// <c>GET /readyz</c>: 503 while the server is stopping or while the OAuth authority's discovery document and keys
/// cannot be read (no token could be checked); 200 <c>Degraded</c> without any Meta token (only previews can work);
/// else 200 <c>Healthy</c>. <c>GET /healthz</c> answers 200 as long as the process serves requests.
/// </summary>
internal sealed class Readiness(
    IHostApplicationLifetime lifetime,
    IOptions<ConversionsApiOptions> meta,
    IOptionsMonitor<JwtBearerOptions> jwt,
    HttpSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("stopping");
        }

        if (settings.UsesOAuth && jwt.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is { } oauth)
        {
            try
            {
                _ = await oauth.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure means the same: tokens cannot be checked now.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy("the OAuth authority's discovery document or keys cannot be read");
            }
        }

        return meta.Value.HasAnyAccessToken
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("no Meta access token is configured: only previews work");
    }
}

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads
/// the standard <c>OTEL_*</c> variables itself). Traces: incoming HTTP requests, the MCP SDK's tool calls, the calls to
/// Meta. Metrics: events by outcome and tool durations (<see cref="ToolMetrics"/>), Graph latency
/// (<see cref="ConversionsApiMetrics"/>), the MCP SDK's, ASP.NET Core's and HttpClient's own.
/// </summary>
internal static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Experimental.ModelContextProtocol"];

    private static readonly string[] Meters =
    [
        ToolMetrics.MeterName, ConversionsApiMetrics.MeterName, "Experimental.ModelContextProtocol",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
    ];

    public static void AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable]))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(Commands.CommandLine.Command, serviceVersion: Commands.CommandLine.Version);
                }
            })
            .WithTracing(tracing => tracing.AddSource(Sources).AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter());
    }
}
