using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MetaCapi.Events;
using MetaCapi.Files;
using MetaCapi.Graph;
using MetaCapi.Json;
using MetaCapi.Validation;
using Microsoft.Extensions.Time.Testing;

namespace MetaCapi.Mcp.Tests.Files;

/// <summary>
/// A folder open to the uploader (the only root), a state folder for its journal, files written into it, and a fake
/// Conversions API that records every request and answers as Meta does (or as a test says).
/// </summary>
internal sealed class FileHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An hour before <see cref="Now"/>, as spreadsheets write it (UTC).</summary>
    public const string RecentTime = "2025-03-15 11:00:00";

    public static readonly long RecentUnix = new DateTimeOffset(2025, 3, 15, 11, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("metacapi-files-");

    public FileHarness()
    {
        Root = Directory.CreateDirectory(Path.Join(_folder.FullName, "root")).FullName;
        State = Path.Join(_folder.FullName, "state");
        Time = new FakeTimeProvider(Now);
    }

    public string Root { get; }

    public string State { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Every request the fake Conversions API received, in the order they arrived.</summary>
    public ConcurrentQueue<(string PixelId, EventRequest Request)> Sent { get; } = new();

    /// <summary>How the fake answers request number n (1-based, in arrival order); by default Meta accepts it.</summary>
    public Func<int, EventRequest, CancellationToken, Task<DeliveryResult>>? Answer { get; set; }

    public int BatchSize { get; set; } = 1000;

    public int Parallelism { get; set; } = 1;

    public string Write(string name, string content, bool bom = false, bool gzip = false)
    {
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(content)).ToArray();
        return WriteBytes(name, bytes, gzip);
    }

    public string WriteBytes(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Join(Root, name);
        if (gzip)
        {
            using var output = File.Create(path);
            using var compressed = new GZipStream(output, CompressionLevel.Fastest);
            compressed.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    public ConversionFileUploader Uploader() => new(
        new EventPreparer(Time),
        new FileUploadOptions { Roots = new FileRoots([Root]), StateDirectory = State, BatchSize = BatchSize, Parallelism = Parallelism },
        Time);

    public async Task<(UploadReport Report, Diagnostics Diagnostics)> PreviewAsync(ConversionFileRequest request, IProgress<UploadProgress>? progress = null)
    {
        var diagnostics = new Diagnostics();
        var report = await Uploader().RunAsync(request, null, diagnostics, progress, CancellationToken.None);
        return (report, diagnostics);
    }

    public async Task<(UploadReport Report, Diagnostics Diagnostics)> SendAsync(
        ConversionFileRequest request, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var diagnostics = new Diagnostics();
        var report = await Uploader().RunAsync(request, Fake, diagnostics, progress, cancellationToken);
        return (report, diagnostics);
    }

    public static ConversionFileRequest Request(string path, object? defaults = null, Dictionary<string, string?>? columns = null) => new()
    {
        Path = path,
        PixelId = "1234567890",
        Columns = columns ?? [],
        Defaults = defaults is null ? StoreDefaults : Defaults(defaults),
    };

    /// <summary>Leads from a store (no value or currency needed): what most CSV tests leave to defaults.</summary>
    public static IReadOnlyDictionary<string, JsonElement> StoreDefaults { get; } =
        Defaults(new Dictionary<string, string> { ["event_name"] = "Lead", ["action_source"] = "physical_store" });

    public static Dictionary<string, JsonElement> Defaults(object values)
    {
        var json = values is Dictionary<string, string> strings
            ? JsonSerializer.Serialize(strings, TestJson.Default.DictionaryStringString)
            : (string)values;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>The events of every request, in request order, as JSON objects.</summary>
    public List<JsonElement> SentEvents() =>
        [.. Sent.SelectMany(s => s.Request.Data).Select(e => JsonSerializer.SerializeToElement(e, MetaCapiJsonContext.Default.ServerEvent))];

    public static JsonElement Json(ServerEvent? serverEvent) =>
        JsonSerializer.SerializeToElement(serverEvent!, MetaCapiJsonContext.Default.ServerEvent);

    public static DeliveryResult Accepted(EventRequest request, int number) => new()
    {
        Status = DeliveryStatus.Sent,
        Attempts = 1,
        HttpStatus = 200,
        EventsReceived = request.Data.Count,
        FbtraceId = "trace-" + number,
    };

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private int _requests;

    private Task<DeliveryResult> Fake(string pixelId, EventRequest request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        Sent.Enqueue((pixelId, request));
        return Answer?.Invoke(number, request, cancellationToken) ?? Task.FromResult(Accepted(request, number));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
