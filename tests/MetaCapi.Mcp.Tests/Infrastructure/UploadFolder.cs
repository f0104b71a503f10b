using System.Globalization;
using System.Text;

namespace MetaCapi.Mcp.Tests.Infrastructure;

/// <summary>
/// A folder open to the file tools (META_FILE_ROOTS), a state folder for the journal (META_STATE_DIR), and order files
/// written into the first one with distinct, recent rows. Deleted at the end.
/// </summary>
public sealed class UploadFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("metacapi-upload-");

    public UploadFolder()
    {
        Root = Directory.CreateDirectory(Path.Join(_folder.FullName, "exports")).FullName;
        Outside = Directory.CreateDirectory(Path.Join(_folder.FullName, "outside")).FullName;
        State = Path.Join(_folder.FullName, "state");
    }

    public string Root { get; }

    public string Outside { get; }

    public string State { get; }

    /// <summary>An hour ago, as a spreadsheet writes it (UTC).</summary>
    public static string RecentTime => DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The email of order <paramref name="index"/> (raw customer data: the leak scans look for it).</summary>
    public static string Email(int index) => $"Buyer.{index}@Example.org";

    /// <summary>The environment of a server with this folder open and the given upload settings.</summary>
    public Dictionary<string, string?> Environment(string graphUrl, int batchSize = 10, int parallelism = 1, IReadOnlyDictionary<string, string?>? more = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["META_FILE_ROOTS"] = Root,
            ["META_STATE_DIR"] = State,
            ["META_UPLOAD_BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["META_UPLOAD_PARALLELISM"] = parallelism.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        return ServerCommand.EnvironmentFor(graphUrl, overrides);
    }

    /// <summary>A CSV of <paramref name="rows"/> store purchases (order IDs 1…n), with <paramref name="bad"/> rows of an unreadable total.</summary>
    public string Orders(string name, int rows, ISet<int>? bad = null)
    {
        var text = new StringBuilder("Order ID,Email,Order Total,Currency,Created At\n");
        var time = RecentTime;
        for (var i = 1; i <= rows; i++)
        {
            var total = bad?.Contains(i) == true ? "n/a" : $"{i}.50";
            text.Append(CultureInfo.InvariantCulture, $"{i},{Email(i)},{total},EUR,{time}\n");
        }

        return Write(name, text.ToString());
    }

    public string Write(string name, string content)
    {
        var path = Path.Join(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The arguments of a file tool call, as JSON.</summary>
    public static string Arguments(string path, string extra = "") =>
        $$"""{"path": {{System.Text.Json.JsonSerializer.Serialize(path)}}, "pixel_id": "{{GraphFake.PixelId}}", "defaults": {"event_name": "Purchase", "action_source": "physical_store"}{{extra}}}""";

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
}

/// <summary>One fake Graph API and one server with an <see cref="UploadFolder"/> open (batches of 10, one request at a time), shared by a test class.</summary>
public sealed class FileServerFixture : IAsyncLifetime
{
    public GraphFake Graph { get; } = new();

    public UploadFolder Folder { get; } = new();

    public ServerSession Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerSession.StartAsync(Folder.Environment(Graph.Url));

    public async Task DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            Graph.Dispose();
            Folder.Dispose();
        }
    }
}
