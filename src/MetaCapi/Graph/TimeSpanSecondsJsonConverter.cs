using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaCapi.Graph;

/// <summary>Writes a <see cref="TimeSpan"/> as a JSON number of seconds (<c>1.5</c>), and reads it back.</summary>
internal sealed class TimeSpanSecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromSeconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
    }
}
