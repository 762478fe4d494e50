using Npgsql;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Architecture.Tests;

/// <summary>The pool settings a service's PostgreSQL connection string gets unless it names them itself.</summary>
public sealed class PoolDefaultsTests
{
    private const string Given = "Host=db;Port=5432;Username=servicehall_attendance;Password=p;Database=servicehall_attendance";

    [Fact]
    public void A_string_without_pool_settings_gets_no_reset_and_auto_prepare()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseExtensions.WithPoolDefaults(Given));

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(100, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.Equal("servicehall_attendance", settings.Username);
        Assert.Equal("p", settings.Password);
    }

    [Theory]
    [InlineData(";Max Auto Prepare=0", true, 0)] // behind PgBouncer in transaction mode
    [InlineData(";No Reset On Close=false", false, 100)]
    [InlineData(";NoResetOnClose=false;MaxAutoPrepare=7", false, 7)]
    public void What_the_string_names_itself_stays(string extra, bool expectNoReset, int expectMaxAutoPrepare)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseExtensions.WithPoolDefaults(Given + extra));

        Assert.Equal(expectMaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(expectNoReset, settings.NoResetOnClose);
    }
}
