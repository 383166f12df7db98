using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace ZoomKit.Storage.Postgres;

/// <summary>
/// ASP.NET Core Data Protection keys in PostgreSQL, so that a cookie one instance issued is read by
/// every other. Written by hand: the interface has two methods, and EF Core would be a large
/// dependency for them.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM zoomkit_dataprotection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = dataSource.CreateCommand("INSERT INTO zoomkit_dataprotection_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.AddWithValue((object?)friendlyName ?? DBNull.Value);
        command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
