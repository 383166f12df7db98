using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ZoomKit.Testing;

namespace ZoomKit.Emulator.Tests;

/// <summary>
/// Zoom's OpenAPI documents (shared/zoom-spec beside the repository, or ZOOMKIT_SPEC_DIR), their
/// operation schemas as JSON Schemas, and the field names they declare.
/// </summary>
internal static class Spec
{
    private static int _schemas;

    public static JsonObject Meetings => ZoomSpec.Meetings;
    public static JsonObject Users => ZoomSpec.Users;

    public static JsonObject Operation(JsonObject doc, string path, string method) => ZoomSpec.Operation(doc, path, method);

    public static JsonObject RequestSchema(JsonObject doc, string path, string method) => ZoomSpec.RequestSchema(doc, path, method);

    public static JsonObject ResponseSchema(JsonObject doc, string path, string method, string status) => ZoomSpec.ResponseSchema(doc, path, method, status);

    /// <summary>Validates <paramref name="instance"/> against an OpenAPI 3.0 schema; returns every failure.</summary>
    public static List<string> Validate(JsonObject openApiSchema, JsonNode instance)
    {
        var schema = JsonSchema.FromText(ToJsonSchema(openApiSchema).ToJsonString(), baseUri: new Uri($"https://zoomkit.test/schema/{Interlocked.Increment(ref _schemas)}"));
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList();
    }

    /// <summary>
    /// Every property of <paramref name="instance"/>, at any depth, that the schema does not declare.
    /// Zoom's schemas allow any extra property, so this is the check that catches a misspelt field.
    /// </summary>
    public static List<string> Undeclared(JsonObject openApiSchema, JsonNode? instance, string path = "")
    {
        var found = new List<string>();
        if (instance is JsonObject obj)
        {
            var declared = Properties(openApiSchema);
            foreach (var (name, value) in obj)
            {
                if (!declared.TryGetValue(name, out var child))
                {
                    found.Add(path + name);
                }
                else
                {
                    found.AddRange(Undeclared(child, value, path + name + "."));
                }
            }
        }
        else if (instance is JsonArray array && Items(openApiSchema) is { } items)
        {
            foreach (var item in array)
            {
                found.AddRange(Undeclared(items, item, path.TrimEnd('.') + "[]."));
            }
        }
        return found;
    }

    public static Dictionary<string, JsonObject> Properties(JsonObject schema) => ZoomSpec.Properties(schema);

    private static JsonObject? Items(JsonObject schema) => schema["items"] as JsonObject;

    /// <summary>
    /// OpenAPI 3.0 to JSON Schema, mending the documents' known mistakes (ZOOM.md, "Where Zoom's
    /// OpenAPI documents are wrong or loose"): weekly_days holds "1,3" for several days.
    /// </summary>
    private static JsonNode ToJsonSchema(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "example" or "nullable" or "deprecated" || key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    copy[key] = value is null ? null : ToJsonSchema(value);
                }
                if (copy["properties"]?["weekly_days"] is JsonObject weekly)
                {
                    weekly.Remove("enum");
                    weekly["pattern"] = "^[1-7](,[1-7])*$";
                }
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(v => v is null ? null : ToJsonSchema(v)).ToArray());
            default:
                return node.DeepClone();
        }
    }
}
