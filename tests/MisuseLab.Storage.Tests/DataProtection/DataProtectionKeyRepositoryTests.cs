using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.DataProtection;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.DataProtection;

public abstract class DataProtectionKeyRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    [Fact]
    public void Stored_elements_come_back_equal_and_a_second_store_under_the_same_name_replaces()
    {
        var repository = new DataProtectionKeyRepository(Connections);
        var first = XElement.Parse("<key id=\"1\"><secret>ä &amp; ü</secret></key>");
        var second = XElement.Parse("<key id=\"2\"/>");

        repository.StoreElement(first, "key-1");
        repository.StoreElement(second, "key-2");
        repository.StoreElement(XElement.Parse("<key id=\"1\" revoked=\"true\"/>"), "key-1");

        var all = repository.GetAllElements().Select(e => e.ToString(SaveOptions.DisableFormatting)).ToList();
        Assert.Equal(["<key id=\"1\" revoked=\"true\" />", "<key id=\"2\" />"], all);
    }

    [Fact]
    public void A_second_node_on_the_same_database_reads_what_the_first_protected()
    {
        var payload = "antiforgery token or auth cookie";

        var protectedByNodeA = Node().CreateProtector("misuselab.test").Protect(payload);
        var unprotectedByNodeB = Node().CreateProtector("misuselab.test").Unprotect(protectedByNodeA);

        Assert.Equal(payload, unprotectedByNodeB);
        Assert.Single(new DataProtectionKeyRepository(Connections).GetAllElements());
    }

    // Each call builds an independent Data Protection stack, as a separate web node would have.
    private IDataProtectionProvider Node()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("MisuseLab");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeyRepository(Connections));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }
}

public sealed class DataProtectionKeyRepositorySqliteTests(SqliteEngine e) : DataProtectionKeyRepositoryTests<SqliteEngine>(e);
public sealed class DataProtectionKeyRepositoryPostgresTests(PostgresEngine e) : DataProtectionKeyRepositoryTests<PostgresEngine>(e);
