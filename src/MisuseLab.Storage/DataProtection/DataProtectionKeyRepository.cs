using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.DataProtection;

/// <summary>
/// Keeps ASP.NET Core Data Protection's key ring in the database, so every web node decrypts the
/// cookies and antiforgery tokens another node issued, and keys survive redeploys.
/// </summary>
/// <remarks>IXmlRepository is synchronous by contract; it is called rarely (key ring refresh).</remarks>
public sealed class DataProtectionKeyRepository(IDbConnectionFactory connections) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = connections.Open();
        var rows = connection.Query<(string FriendlyName, string Xml)>(
            "SELECT friendly_name, xml FROM data_protection_keys ORDER BY id");
        return rows.Select(r => Parse(r.FriendlyName, r.Xml)).ToList();
    }

    /// <summary>Stores or replaces the element named <paramref name="friendlyName"/> (Data Protection uses "key-{guid}").</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        using var connection = connections.Open();
        connection.Execute(
            connections.Dialect.Upsert("data_protection_keys", ["friendly_name"], ["xml"]),
            new { friendly_name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    private static XElement Parse(string friendlyName, string xml)
    {
        try
        {
            return XElement.Parse(xml);
        }
        catch (System.Xml.XmlException e)
        {
            throw new StorageException(
                $"data_protection_keys row '{friendlyName}' does not hold valid XML ({e.Message}). Delete that row; " +
                "Data Protection will create a new key (cookies signed with the old one stop working).", e);
        }
    }
}
