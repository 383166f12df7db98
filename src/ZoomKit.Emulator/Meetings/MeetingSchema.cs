using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZoomKit.Emulator.Meetings;

/// <summary>
/// Zoom's meeting create and update request schemas (Meetings.json, <c>meetingCreate</c> and
/// <c>meetingUpdate</c>, kept in <c>MeetingRequestSchemas.json</c> without their prose; a test holds
/// the copy equal to the spec) applied to a body: every type, enum, length, range, pattern, format,
/// item count and required field, each failure with its dotted path. Unknown fields are ignored, as
/// Zoom ignores them. Where Zoom's own description overrides its schema, the description wins; those
/// places are marked "Quirk" here and listed in docs/ZOOM-QUIRKS.md.
/// </summary>
internal static partial class MeetingSchema
{
    private static readonly JsonObject Schemas = Load();

    public static JsonObject Create { get; } = (JsonObject)Schemas["create"]!;

    public static JsonObject Update { get; } = (JsonObject)Schemas["update"]!;

    /// <summary>Adds to <paramref name="errors"/> every rule of <paramref name="schema"/> that <paramref name="value"/> breaks.</summary>
    public static void Check(JsonNode? value, JsonObject schema, string path, List<(string Field, string Message)> errors)
    {
        if (value is null)
        {
            return;
        }
        switch (schema["type"]?.GetValue<string>() ?? "object")
        {
            case "object":
                CheckObject(value, schema, path, errors);
                break;
            case "array":
                CheckArray(value, schema, path, errors);
                break;
            case "integer":
                CheckInteger(value, schema, path, errors);
                break;
            case "boolean":
                if (value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add((path, "Invalid field: true or false."));
                }
                break;
            default:
                CheckString(value, schema, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonNode value, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (value is not JsonObject body)
        {
            errors.Add((path, "Invalid field: an object."));
            return;
        }
        var properties = schema["properties"] as JsonObject;
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (body[required] is null)
            {
                errors.Add((Join(path, required), "Required field."));
            }
        }
        foreach (var (name, child) in body)
        {
            if (properties?[name] is JsonObject childSchema)
            {
                Check(child, childSchema, Join(path, name), errors);
            }
        }
    }

    private static void CheckArray(JsonNode value, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add((path, "Invalid field: an array."));
            return;
        }
        // Quirk: sign_language_interpretation.interpreters states its item limit as "maximum" on the array.
        if ((schema["maxItems"] ?? schema["maximum"])?.GetValue<int>() is { } maxItems && array.Count > maxItems)
        {
            errors.Add((path, $"Invalid field: at most {maxItems} items."));
        }
        if (schema["minItems"]?.GetValue<int>() is { } minItems && array.Count < minItems)
        {
            errors.Add((path, $"Invalid field: at least {minItems} items."));
        }
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckInteger(JsonNode value, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out var number))
        {
            errors.Add((path, "Invalid field: an integer."));
            return;
        }
        if (schema["enum"] is JsonArray choices && !choices.Any(c => c!.GetValue<long>() == number))
        {
            errors.Add((path, $"Invalid field: one of {string.Join(", ", choices)}."));
        }
        if (schema["minimum"]?.GetValue<long>() is { } min && number < min)
        {
            errors.Add((path, $"Invalid field: at least {min}."));
        }
        if (schema["maximum"]?.GetValue<long>() is { } max && number > max)
        {
            errors.Add((path, $"Invalid field: at most {max}."));
        }
    }

    private static void CheckString(JsonNode value, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add((path, "Invalid field: a string."));
            return;
        }
        var text = value.GetValue<string>();
        if (schema["enum"] is JsonArray choices)
        {
            var allowed = choices.Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            // Quirk: weekly_days is declared as one of "1".."7", but its description and Zoom's answers
            // carry several days as "1,3".
            var values = path.EndsWith("weekly_days", StringComparison.Ordinal) ? text.Split(',', StringSplitOptions.TrimEntries) : [text];
            if (!values.All(allowed.Contains) || values.Distinct().Count() != values.Length)
            {
                errors.Add((path, $"Invalid field: {(values.Length > 1 ? "each of " : "")}one of {string.Join(", ", allowed)}."));
            }
        }
        if (schema["maxLength"]?.GetValue<int>() is { } maxLength && text.Length > maxLength)
        {
            errors.Add((path, $"Invalid field: at most {maxLength} characters."));
        }
        if (schema["minLength"]?.GetValue<int>() is { } minLength && text.Length < minLength)
        {
            errors.Add((path, $"Invalid field: at least {minLength} characters."));
        }
        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add((path, $"Invalid field: must match {pattern}."));
        }
        switch (schema["format"]?.GetValue<string>())
        {
            case "email" when !EmailShape().IsMatch(text):
                errors.Add((path, "Invalid field: an email address."));
                break;
            // Quirk: start_time may also be local wall-clock time (yyyy-MM-ddTHH:mm:ss) in "timezone", as its description says.
            case "date-time" when path == "start_time" ? MeetingValidator.ParseStart(text, "UTC") is null : !IsDateTime(text):
                errors.Add((path, "Invalid field: a date and time (yyyy-MM-ddTHH:mm:ssZ)."));
                break;
        }
    }

    private static bool IsDateTime(string text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static JsonObject Load()
    {
        using var stream = typeof(MeetingSchema).Assembly.GetManifestResourceStream("ZoomKit.Emulator.Meetings.MeetingRequestSchemas.json")
            ?? throw new InvalidOperationException("The emulator's meeting schemas are missing from its assembly.");
        return (JsonObject)JsonNode.Parse(stream)!;
    }

    [GeneratedRegex("^[^@\\s;,]+@[^@\\s;,]+\\.[^@\\s;,]+$")]
    public static partial Regex EmailShape();
}
