using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The file-upload benchmark's helpers (bench/file-upload.sh runs them):
//   generate FILE ROWS     a realistic export of store purchases: 10 customer-data columns, order data, recent times
//                          (FILE ending in .gz is compressed; .jsonl gives JSON Lines in the event tools' shape)
//   fake-graph PORT        a local stand-in for the Graph API: answers every POST .../events with Meta's success body,
//                          events_received = the events in the request, and counts events and requests
return args switch
{
    ["generate", var file, var rows] => Generate(file, int.Parse(rows, CultureInfo.InvariantCulture)),
    ["fake-graph", var port] => await FakeGraphAsync(int.Parse(port, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MetaCapi.FileBench generate FILE ROWS | fake-graph PORT");
    return 2;
}

static int Generate(string file, int rows)
{
    string[] first = ["Mary-Jane", "José", "Anna", "Li", "Oliver", "Zoë", "Mohammed", "Sofia", "Lukas", "Emma", "Noah", "Chloé", "Ahmed", "Ines", "Jack"];
    string[] last = ["O'Brien", "García", "Müller", "Smith", "Nguyen", "Rossi", "Kowalski", "Johnson", "Dubois", "Tanaka", "Brown", "Silva"];
    (string City, string State, string Zip, string Country, string Phone)[] places =
    [
        ("San Francisco", "California", "94105-1234", "United States", "(415) 555-{0:0000}"),
        ("New York", "NY", "10001", "US", "+1 212 555 {0:0000}"),
        ("London", "Greater London", "EC1A 1BB", "United Kingdom", "+44 20 7946 {0:0000}"),
        ("Berlin", "Berlin", "10115", "Germany", "+49 30 1234{0:0000}"),
        ("Toronto", "Ontario", "M5H 2N2", "Canada", "+1 416 555 {0:0000}"),
        ("Paris", "Île-de-France", "75001", "France", "+33 1 42 68 {0:00} {0:00}"),
    ];
    var random = new Random(20251115);
    var start = DateTime.UtcNow.AddHours(-20);
    var jsonl = file.Replace(".gz", string.Empty, StringComparison.Ordinal).EndsWith(".jsonl", StringComparison.Ordinal);
    using var output = File.Create(file);
    using var stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(output, CompressionLevel.Fastest) : (Stream)output;
    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
    if (!jsonl)
    {
        writer.Write("Order ID,Email,Phone Number,First Name,Last Name,City,State,Zip,Country,Date of Birth,Customer ID,Order Total,Currency,Created At,Store\n");
    }

    for (var i = 1; i <= rows; i++)
    {
        var place = places[random.Next(places.Length)];
        var fn = first[random.Next(first.Length)];
        var ln = last[random.Next(last.Length)];
        var email = $"{fn}.{ln}.{i}@example.com".Replace("'", string.Empty, StringComparison.Ordinal);
        var phone = string.Format(CultureInfo.InvariantCulture, place.Phone, random.Next(10000));
        var birth = new DateTime(1950, 1, 1).AddDays(random.Next(20000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var total = (random.Next(500, 50000) / 100m).ToString(CultureInfo.InvariantCulture);
        var time = start.AddSeconds(i * 72000.0 / rows).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (jsonl)
        {
            var unix = new DateTimeOffset(start.AddSeconds(i * 72000.0 / rows)).ToUnixTimeSeconds();
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"event_name":"Purchase","event_time":{{{unix}}},"action_source":"physical_store","event_id":"order-{{{i}}}","user_data":{"em":"{{{email}}}","ph":"{{{phone}}}","fn":"{{{fn}}}","ln":"{{{ln.Replace("'", "\\u0027", StringComparison.Ordinal)}}}","ct":"{{{place.City}}}","st":"{{{place.State}}}","zp":"{{{place.Zip}}}","country":"{{{place.Country}}}","db":"{{{birth}}}","external_id":"CUST-{{{i % 50000}}}"},"custom_data":{"value":{{{total}}},"currency":"EUR","order_id":"{{{i}}}"}}"""));
            writer.Write('\n');
            continue;
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{i},{email},{phone},{fn},\"{ln}\",{place.City},{place.State},{place.Zip},{place.Country},{birth},CUST-{i % 50000},{total},EUR,{time},store-{i % 40}\n"));
    }

    return 0;
}

static async Task<int> FakeGraphAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    var app = builder.Build();
    long events = 0;
    long requests = 0;
    var marker = "\"event_name\":"u8.ToArray();
    app.MapPost("/{version}/{pixel}/events", async (HttpContext context) =>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var count = 0;
        var span = body.GetBuffer().AsSpan(0, (int)body.Length);
        int at;
        while ((at = span.IndexOf(marker)) >= 0)
        {
            count++;
            span = span[(at + marker.Length)..];
        }

        Interlocked.Add(ref events, count);
        var n = Interlocked.Increment(ref requests);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"events_received\":{count},\"messages\":[],\"fbtrace_id\":\"bench-{n}\"}}");
    });
    app.MapGet("/stats", () => $"{Interlocked.Read(ref requests)} requests, {Interlocked.Read(ref events)} events");
    await app.RunAsync();
    return 0;
}
