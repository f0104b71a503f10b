using System.Threading.RateLimiting;
using MetaCapi.Mcp.Commands;
using MetaCapi.Mcp.Hosting.Http;
using MetaCapi.Mcp.Tools;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;

namespace MetaCapi.Mcp.Hosting;

/// <summary>
/// <c>metacapi-mcp http</c>: the same tools as stdio (<see cref="ServerRegistration.AddMetaCapiMcpServer"/>) over MCP
/// Streamable HTTP at <c>/mcp</c>, with ASP.NET Core's own pieces: Kestrel, authentication (API keys, JwtBearer), rate
/// limiting, request timeouts, health checks; OpenTelemetry when configured. Only <see cref="HttpCommand"/> reaches
/// this class, so the stdio server never loads ASP.NET Core.
/// </summary>
internal static class HttpServer
{
    /// <summary>The MCP endpoint's path.</summary>
    public const string McpPath = "/mcp";

    private const string CallerScheme = "Caller";
    private const string RateLimitPolicy = "per-caller";

    /// <summary>Runs the server until SIGTERM or Ctrl+C; <paramref name="settings"/> are <c>--META_NAME=value</c> arguments.</summary>
    /// <returns>0 after a graceful stop, <see cref="CommandLine.UsageError"/> for invalid settings.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> urls, string[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddStderrConsole(builder.Configuration);

        var (http, errors) = HttpSettings.Read(builder.Configuration, urls);
        errors = [.. StdioServer.SettingsErrors(builder.Configuration), .. errors];
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"{CommandLine.Command} http: {error}").ConfigureAwait(false);
            }

            return CommandLine.UsageError;
        }

        builder.WebHost.UseUrls([.. http.Urls.Select(u => u.GetLeftPart(UriPartial.Authority))]);
        if (http.Urls.Any(u => u.Scheme == Uri.UriSchemeHttps))
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = HttpSettings.MaxRequestBodyBytes;
        });
        builder.Services.AddMetaCapiHttpServer(builder.Configuration, http);

        await using var app = builder.Build();
        app.UseMetaCapiHttpServer(http);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MetaCapi.Mcp.Http");
        if (!http.IsAuthenticated)
        {
            HttpLog.Unauthenticated(logger);
        }

        HttpLog.Listening(logger, string.Join(", ", http.Urls.Select(u => u.GetLeftPart(UriPartial.Authority))), Describe(http), http.SessionMode, http.RateLimitPerMinute);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The services of the HTTP server: the one MCP server registration with the HTTP transport, authentication and
    /// authorization, the rate limiter, request timeouts, health checks, telemetry. Separate from <see cref="RunAsync"/>
    /// so tests can host the same server in process (<c>WebApplicationFactory</c>).
    /// </summary>
    public static IServiceCollection AddMetaCapiHttpServer(this IServiceCollection services, IConfiguration configuration, HttpSettings http)
    {
        ArgumentNullException.ThrowIfNull(http);
        services.AddSingleton(http);
        services.AddRoutingCore();
        services.AddHttpContextAccessor();
        services.AddSingleton<IPixelAccess>(new PixelAccess(http.IsAuthenticated));
        services.AddSingleton<ToolScopes>();
        services.AddSingleton<RequestTracking>();
        services.Configure<HostOptions>(options => options.ShutdownTimeout = HttpSettings.ShutdownTimeout);

        services.AddMetaCapiMcpServer(configuration)
            .WithHttpTransport(transport => transport.SessionMode = http.SessionMode == SessionMode.Stateless
                ? HttpServerSessionMode.Stateless
                : HttpServerSessionMode.StatefulForInitializeClients)
            .WithMessageFilters(filters => filters.AddIncomingFilter(RequestTracking.MethodFilter))
            .WithRequestFilters(filters =>
            {
                filters.AddCallToolFilter(RequestTracking.ToolFilter);
                filters.AddListToolsFilter(next => async (context, cancellationToken) =>
                {
                    // A caller sees the tools its scopes let it call.
                    var result = await next(context, cancellationToken).ConfigureAwait(false);
                    var scopes = context.Services!.GetRequiredService<ToolScopes>();
                    result.Tools = [.. result.Tools.Where(tool => scopes.Allows(context.User, tool.Name))];
                    return result;
                });
            });

        // Calls in flight finish before the web server and the MCP SDK's sessions stop.
        services.AddHostedService<DrainRequestsOnStop>();

        AddAuthentication(services, http);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    $"Too many requests: this server allows {http.RateLimitPerMinute} per minute per caller ({HttpSettings.RateLimitVariable}). " +
                    "Retry after the number of seconds in Retry-After.\n", cancellationToken));
            };
            limiter.AddPolicy(RateLimitPolicy, context => PerCaller(context, http.RateLimitPerMinute));
        });
        services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = http.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        services.AddHealthChecks().AddCheck<Readiness>("ready", tags: ["ready"]);
        services.AddTelemetry(configuration);
        return services;
    }

    /// <summary>The request pipeline, outermost first: tracking and the log line, Origin, body size, routing, authentication, authorization, rate limit, scopes, timeouts; then the endpoints.</summary>
    public static IApplicationBuilder UseMetaCapiHttpServer(this IApplicationBuilder app, HttpSettings http)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(http);
        var tracking = app.ApplicationServices.GetRequiredService<RequestTracking>();
        var scopes = app.ApplicationServices.GetRequiredService<ToolScopes>();
        app.Use(tracking.InvokeAsync);
        app.Use(HttpGuards.Origin(http.AllowedOrigins));
        app.Use(HttpGuards.BodySize);
        app.UseRouting();
        if (http.IsAuthenticated)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.UseRateLimiter();
        app.Use((context, next) => HttpGuards.Scope(context, next, scopes));
        app.UseRequestTimeouts();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
            endpoints.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            var mcp = endpoints.MapMcp(McpPath).RequireRateLimiting(RateLimitPolicy);
            if (http.IsAuthenticated)
            {
                mcp.RequireAuthorization();
            }
        });
        return app;
    }

    /// <summary>
    /// Both kinds of credential arrive as <c>Authorization: Bearer …</c>: one with the shape of a JWT goes to OAuth (when
    /// configured), anything else is an API key. A 401 carries <c>WWW-Authenticate: Bearer resource_metadata="…"</c>
    /// pointing at this server's Protected Resource Metadata (RFC 9728, served by the MCP SDK).
    /// </summary>
    private static void AddAuthentication(IServiceCollection services, HttpSettings http)
    {
        if (!http.IsAuthenticated)
        {
            return;
        }

        var authentication = services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CallerScheme;
                options.DefaultChallengeScheme = McpAuthenticationDefaults.AuthenticationScheme;
            })
            .AddPolicyScheme(CallerScheme, "API key or OAuth token", options => options.ForwardDefaultSelector = context =>
                http.UsesOAuth && (!http.UsesApiKeys || CallerClaims.BearerCredential(context.Request) is { } credential && CallerClaims.LooksLikeJwt(credential))
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, options => options.Keys = http.ApiKeys)
            .AddMcp(options => options.ResourceMetadata = new ProtectedResourceMetadata
            {
                Resource = http.OAuthAudience?.AbsoluteUri,
                AuthorizationServers = http.OAuthAuthority is { } authority ? [authority.AbsoluteUri.TrimEnd('/')] : [],
                ScopesSupported = [CallerClaims.SendScope, CallerClaims.ReadScope],
                BearerMethodsSupported = ["header"],
                ResourceName = "Meta Conversions API (metacapi-mcp)",
            });

        if (http is { OAuthAuthority: { } issuer, OAuthAudience: { } audience })
        {
            authentication.AddJwtBearer(options =>
            {
                options.Authority = issuer.AbsoluteUri.TrimEnd('/');
                options.RequireHttpsMetadata = !HttpSettings.IsLoopback(issuer);
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidAudiences = [audience.AbsoluteUri, audience.AbsoluteUri.TrimEnd('/')];
                options.TokenValidationParameters.NameClaimType = CallerClaims.Subject;
            });
        }

        services.AddAuthorization();
    }

    /// <summary>A token bucket per caller (its subject; an unauthenticated local caller by address): the minute's budget as a burst, refilled every second.</summary>
    private static RateLimitPartition<string> PerCaller(HttpContext context, int perMinute)
    {
        var caller = CallerClaims.Key(context.User) is { } key ? "caller:" + key : "address:" + context.Connection.RemoteIpAddress;
        if (perMinute == 0)
        {
            return RateLimitPartition.GetNoLimiter(caller);
        }

        return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static string Describe(HttpSettings http) =>
        (http.UsesApiKeys, http.UsesOAuth) switch
        {
            (true, true) => $"{http.ApiKeys.Count} API key(s) and OAuth",
            (true, false) => $"{http.ApiKeys.Count} API key(s)",
            (false, true) => "OAuth",
            _ => "no authentication (loopback only)",
        };
}
