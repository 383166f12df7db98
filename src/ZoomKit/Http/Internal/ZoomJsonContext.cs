using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZoomKit.Meetings;
using ZoomKit.Users;

namespace ZoomKit.Http.Internal;

/// <summary>
/// Source-generated serialization of every API model: snake_case names, nulls not sent, numbers
/// accepted as strings, unknown fields and enum values tolerated.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(ZoomDateTimeConverter)])]
[JsonSerializable(typeof(Meeting))]
[JsonSerializable(typeof(MeetingListPage))]
[JsonSerializable(typeof(MeetingCreateRequest))]
[JsonSerializable(typeof(MeetingUpdateRequest))]
[JsonSerializable(typeof(ZoomUser))]
[JsonSerializable(typeof(ZoomUserListPage))]
[JsonSerializable(typeof(ZoomErrorBody))]
internal sealed partial class ZoomJsonContext : JsonSerializerContext;

internal sealed class ZoomErrorBody
{
    public int? Code { get; set; }
    public string? Message { get; set; }
    public IList<ZoomErrorField>? Errors { get; set; }
}

internal sealed class ZoomErrorField
{
    public string? Field { get; set; }
    public string? Message { get; set; }
}

/// <summary>Zoom's times: read any ISO 8601 form (an empty string is no time); written in UTC as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal sealed class ZoomDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        var text = reader.GetString();
        return string.IsNullOrEmpty(text)
            ? null
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } moment)
        {
            writer.WriteStringValue(moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
