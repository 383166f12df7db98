using System.Globalization;
using System.Text.Json.Nodes;

namespace ZoomKit.Testing;

/// <summary>
/// Values made from Zoom's schemas (<see cref="ZoomSpec"/>): a valid value for any field, a second
/// valid value different from the first, and for each rule a field declares (type, enum, length,
/// range, format, item count) a value that breaks it. Where Zoom's own description overrides its
/// schema (docs/ZOOM-QUIRKS.md), the values follow the description; those places are listed here once.
/// </summary>
public static class SpecValues
{
    // Fields whose valid values the schema alone cannot say; from Zoom's descriptions (docs/ZOOM-QUIRKS.md).
    private static readonly Dictionary<string, string[]> Described = new(StringComparer.Ordinal)
    {
        ["timezone"] = ["Europe/Berlin", "Asia/Tokyo"],
        // Local wall-clock time in "timezone", the documented form the schema's date-time format does not allow.
        ["start_time"] = ["2031-03-04T09:30:00", "2031-04-01T08:00:00"],
        // Several days as one comma-separated string, though the schema declares one of "1".."7".
        ["recurrence.weekly_days"] = ["2,4", "3,5,6"],
        ["password"] = ["pw-1", "pw_2"],
        ["settings.alternative_hosts"] = ["alt1@example.com", "alt2@example.com;alt3@example.com"],
        ["settings.contact_email"] = ["contact1@example.com", "contact2@example.com"],
        ["settings.authentication_domains"] = ["example.com", "example.org"],
        ["settings.enforce_login_domains"] = ["example.com", "example.org"],
        ["recurrence.end_date_time"] = ["2031-06-01T00:00:00Z", "2031-07-15T00:00:00Z"],
    };

    // Integer ranges stated only in the descriptions.
    private static readonly Dictionary<string, (int Min, int Max)> DescribedRanges = new(StringComparer.Ordinal)
    {
        // For a daily recurrence, the type Valid gives first; weekly allows 50, monthly 10.
        ["recurrence.repeat_interval"] = (1, 99),
        ["recurrence.monthly_day"] = (1, 31),
        ["recurrence.end_times"] = (0, 60),
    };

    /// <summary>A valid value for the field at <paramref name="path"/> (dotted, no indices); <paramref name="variant"/> 0 and 1 differ.</summary>
    public static JsonNode Valid(JsonObject schema, string path, int variant = 0)
    {
        if (Described.TryGetValue(path, out var described))
        {
            return JsonValue.Create(described[variant % described.Length])!;
        }
        if (schema["enum"] is JsonArray choices && choices.Count > 0)
        {
            return choices[variant % choices.Count]!.DeepClone();
        }
        switch (Type(schema))
        {
            case "boolean":
                return JsonValue.Create(variant % 2 == 0);
            case "integer":
            case "number":
                var (min, max) = Range(schema, path);
                return JsonValue.Create(Math.Min(max, min + 3 + variant));
            case "array":
                var items = ZoomSpec.Items(schema) ?? new JsonObject { ["type"] = "string" };
                return new JsonArray(Valid(items, path, variant));
            case "object":
                var obj = new JsonObject();
                foreach (var (name, child) in ZoomSpec.Properties(schema))
                {
                    obj[name] = Valid(child, Join(path, name), variant);
                }
                return obj;
            default:
                var text = schema["format"]?.GetValue<string>() switch
                {
                    "email" => $"user{variant}@example.com",
                    "date-time" => $"2031-0{5 + variant % 4}-01T10:00:00Z",
                    _ => $"{Leaf(path)} {variant}",
                };
                var maxLength = schema["maxLength"]?.GetValue<int>() ?? int.MaxValue;
                return JsonValue.Create(text.Length > maxLength ? text[..maxLength] : text)!;
        }
    }

    /// <summary>For each rule the field declares, its name and a value that breaks it.</summary>
    public static IEnumerable<(string Rule, JsonNode Value)> Invalid(JsonObject schema, string path)
    {
        var type = Type(schema);
        yield return ("type", type switch
        {
            "boolean" => JsonValue.Create("yes")!,
            "integer" or "number" => JsonValue.Create("one")!,
            "array" or "object" => JsonValue.Create("x")!,
            _ => JsonValue.Create(42),
        });
        if (Described.ContainsKey(path))
        {
            yield break;
        }
        if (schema["enum"] is JsonArray choices && choices.Count > 0)
        {
            yield return ("enum", type is "integer" or "number" ? JsonValue.Create(999) : JsonValue.Create("not-one-of-them")!);
        }
        if (schema["maxLength"]?.GetValue<int>() is { } maxLength)
        {
            yield return ("maxLength", JsonValue.Create(new string('x', maxLength + 1))!);
        }
        if (type is "integer" or "number" && schema["enum"] is null)
        {
            var (min, max) = Range(schema, path);
            if (schema["maximum"] is not null || DescribedRanges.ContainsKey(path))
            {
                yield return ("maximum", JsonValue.Create(max + 1));
            }
            if (schema["minimum"] is not null || DescribedRanges.ContainsKey(path))
            {
                yield return ("minimum", JsonValue.Create(min - 1));
            }
        }
        switch (schema["format"]?.GetValue<string>())
        {
            case "email":
                yield return ("format", JsonValue.Create("not-an-email")!);
                break;
            case "date-time":
                yield return ("format", JsonValue.Create("someday")!);
                break;
        }
        // Zoom writes one item limit as "maximum" on an array (sign_language_interpretation.interpreters).
        if (type == "array" && (schema["maxItems"] ?? schema["maximum"])?.GetValue<int>() is { } maxItems)
        {
            var item = Valid(ZoomSpec.Items(schema) ?? new JsonObject { ["type"] = "string" }, path);
            yield return ("maxItems", new JsonArray(Enumerable.Range(0, maxItems + 1).Select(_ => item.DeepClone()).ToArray()));
        }
        if (type == "array" && schema["minItems"]?.GetValue<int>() is > 0)
        {
            yield return ("minItems", new JsonArray());
        }
    }

    /// <summary>
    /// Every field of a schema with its dotted path (no indices) and schema: objects are walked into,
    /// arrays are fields themselves and their items' fields are walked too.
    /// </summary>
    public static IEnumerable<(string Path, JsonObject Schema)> Fields(JsonObject schema, string prefix = "")
    {
        foreach (var (name, child) in ZoomSpec.Properties(schema))
        {
            var path = Join(prefix, name);
            var type = Type(child);
            if (type == "object" && ZoomSpec.IsObject(child))
            {
                foreach (var field in Fields(child, path))
                {
                    yield return field;
                }
                continue;
            }
            yield return (path, child);
            if (type == "array" && ZoomSpec.Items(child) is { } items && ZoomSpec.IsObject(items))
            {
                foreach (var field in Fields(items, path))
                {
                    yield return field;
                }
            }
        }
    }

    /// <summary>
    /// A body with only the field at <paramref name="path"/> set to <paramref name="value"/> (or a valid
    /// value), every object and array on the way built as the schema says, with the required siblings
    /// of each object on the way filled in.
    /// </summary>
    public static JsonObject At(JsonObject root, string path, JsonNode? value = null)
    {
        var body = new JsonObject();
        JsonObject current = body;
        var schema = root;
        var parts = path.Split('.');
        var walked = "";
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i];
            walked = Join(walked, name);
            var child = ZoomSpec.Properties(schema)[name];
            FillRequired(current, schema, walked[..^name.Length].TrimEnd('.'), except: name);
            if (i == parts.Length - 1)
            {
                current[name] = value?.DeepClone() ?? Valid(child, walked);
                break;
            }
            if (Type(child) == "array")
            {
                var item = new JsonObject();
                current[name] = new JsonArray(item);
                (current, schema) = (item, ZoomSpec.Items(child)!);
            }
            else
            {
                var next = new JsonObject();
                current[name] = next;
                (current, schema) = (next, child);
            }
        }
        return body;
    }

    /// <summary>Removes array indices: <c>settings.meeting_invitees[0].email</c> becomes <c>settings.meeting_invitees.email</c>.</summary>
    public static string WithoutIndices(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");

    private static void FillRequired(JsonObject target, JsonObject schema, string prefix, string except)
    {
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).Where(r => r != except))
        {
            target[required] = Valid(ZoomSpec.Properties(schema)[required], Join(prefix, required));
        }
    }

    private static (int Min, int Max) Range(JsonObject schema, string path)
    {
        var (min, max) = DescribedRanges.TryGetValue(path, out var described) ? described : (1, 100);
        return (schema["minimum"]?.GetValue<int>() ?? min, schema["maximum"]?.GetValue<int>() ?? max);
    }

    private static string Type(JsonObject schema) => schema["type"]?.GetValue<string>() ?? (ZoomSpec.IsObject(schema) ? "object" : "string");

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..].ToString(CultureInfo.InvariantCulture);
}
