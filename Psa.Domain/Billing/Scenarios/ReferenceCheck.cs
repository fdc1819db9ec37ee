using System.Text.Json;

namespace Psa.Domain.Billing.Scenarios;

/// <summary>
/// The cross-reference rules of BILLING.md §8: every client, agreement, project, work type, product
/// and parent named must exist; an entry's agreement or project must belong to the entry's client;
/// parent chains must not loop; ids are unique within their list.
/// </summary>
internal static class ReferenceCheck
{
    public static void Run(JsonFieldReader reader, JsonElement root, IReadOnlyList<Agreement> agreements, ExistingData? existing = null)
    {
        var clients = Ids(reader, root, "clients");
        var workTypes = Ids(reader, root, "workTypes");
        var products = Ids(reader, root, "products");
        Ids(reader, root, "engineers");
        var agreementClients = Owners(reader, root, "agreements");
        var projectClients = Owners(reader, root, "projects");
        if (existing is not null)
        {
            clients.UnionWith(existing.Clients);
            workTypes.UnionWith(existing.WorkTypes);
            products.UnionWith(existing.Products);
            foreach (var (id, client) in existing.AgreementClients)
            {
                agreementClients.TryAdd(id, client);
            }

            foreach (var (id, client) in existing.ProjectClients)
            {
                projectClients.TryAdd(id, client);
            }
        }
        Ids(reader, root, "timeEntries");

        foreach (var (agreement, path) in Items(root, "agreements"))
        {
            Require(reader, agreement, "client", path, clients, "client");
            Require(reader, agreement, "parent", path, agreementClients.Keys, "agreement");
            foreach (var (workType, workTypePath) in StringItems(agreement, "coveredWorkTypes", path))
            {
                Require(reader, workType, workTypePath, workTypes, "work type");
            }

            foreach (var (line, linePath) in Items(agreement, "lines", path))
            {
                Require(reader, line, "product", linePath, products, "product");
            }
        }

        foreach (var (project, path) in Items(root, "projects"))
        {
            Require(reader, project, "client", path, clients, "client");
        }

        foreach (var (rule, path) in Items(root, "glRules"))
        {
            Require(reader, rule, "client", path, clients, "client");
        }

        foreach (var (entry, path) in Items(root, "timeEntries"))
        {
            var client = Text(entry, "client");
            Require(reader, entry, "client", path, clients, "client");
            Require(reader, entry, "workType", path, workTypes, "work type");
            CheckOwner(reader, entry, "agreement", path, agreementClients, client);
            CheckOwner(reader, entry, "project", path, projectClients, client);
            if (Text(entry, "agreement") is not null && Text(entry, "project") is not null)
            {
                reader.Report(JsonFieldReader.Join(path, "project"), "an entry is linked to an agreement or a project, not both");
            }
        }

        CheckParentLoops(reader, root, agreements);
    }

    private static void CheckParentLoops(JsonFieldReader reader, JsonElement root, IReadOnlyList<Agreement> agreements)
    {
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var agreement in agreements)
        {
            parents.TryAdd(agreement.Id, agreement.ParentId);
        }

        foreach (var (agreement, path) in Items(root, "agreements"))
        {
            if (Text(agreement, "id") is not { } id)
            {
                continue;
            }

            var chain = new List<string> { id };
            var current = id;
            while (parents.TryGetValue(current, out var parent) && parent is not null && parents.ContainsKey(parent))
            {
                chain.Add(parent);
                if (parent == id)
                {
                    reader.Report(JsonFieldReader.Join(path, "parent"), $"parent chain loops ({string.Join(" -> ", chain)})");
                    break;
                }

                if (chain.Count > parents.Count + 1)
                {
                    break; // a loop further up the chain; reported on the agreements that form it
                }

                current = parent;
            }
        }
    }

    private static void CheckOwner(JsonFieldReader reader, JsonElement entry, string field, string path,
        Dictionary<string, string?> owners, string? client)
    {
        if (Text(entry, field) is not { } id)
        {
            return;
        }

        var fieldPath = JsonFieldReader.Join(path, field);
        if (!owners.TryGetValue(id, out var owner))
        {
            reader.Report(fieldPath, $"no {field} '{id}'");
        }
        else if (owner is not null && client is not null && owner != client)
        {
            reader.Report(fieldPath, $"{field} '{id}' belongs to client '{owner}', not '{client}'");
        }
    }

    private static void Require(JsonFieldReader reader, JsonElement obj, string field, string path, IEnumerable<string> known, string what)
    {
        if (JsonFieldReader.Field(obj, field) is { ValueKind: JsonValueKind.String } value)
        {
            Require(reader, value, JsonFieldReader.Join(path, field), known, what);
        }
    }

    private static void Require(JsonFieldReader reader, JsonElement value, string path, IEnumerable<string> known, string what)
    {
        var id = value.GetString()!;
        if (!known.Contains(id))
        {
            reader.Report(path, $"no {what} '{id}'");
        }
    }

    /// <summary>The ids of a list, reporting duplicates.</summary>
    private static HashSet<string> Ids(JsonFieldReader reader, JsonElement root, string list) =>
        [.. Owners(reader, root, list).Keys];

    /// <summary>The ids of a list mapped to their <c>client</c>, reporting duplicates.</summary>
    private static Dictionary<string, string?> Owners(JsonFieldReader reader, JsonElement root, string list)
    {
        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(root, list))
        {
            if (Text(item, "id") is { } id && !owners.TryAdd(id, Text(item, "client")))
            {
                reader.Report(JsonFieldReader.Join(path, "id"), $"duplicate id '{id}'");
            }
        }

        return owners;
    }

    private static string? Text(JsonElement obj, string field) =>
        JsonFieldReader.Field(obj, field) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement obj, string field, string path = "")
    {
        if (JsonFieldReader.Field(obj, field) is not { ValueKind: JsonValueKind.Array } array)
        {
            yield break;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                yield return (item, JsonFieldReader.Index(JsonFieldReader.Join(path, field), index));
            }

            index++;
        }
    }

    private static IEnumerable<(JsonElement Item, string Path)> StringItems(JsonElement obj, string field, string path)
    {
        if (JsonFieldReader.Field(obj, field) is not { ValueKind: JsonValueKind.Array } array)
        {
            yield break;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return (item, JsonFieldReader.Index(JsonFieldReader.Join(path, field), index));
            }

            index++;
        }
    }
}
