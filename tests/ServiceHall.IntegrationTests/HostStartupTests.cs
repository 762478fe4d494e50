using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>What a host refuses at start-up, and what it serves without a token.</summary>
public sealed class HostStartupTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private const string DevelopmentKey = "servicehall-development-signing-key-not-for-production";

    private static WebApplicationBuilder Builder(string environment, string? key)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = key,
            ["ServiceHall:Mode"] = "Standalone",
        });
        return builder;
    }

    [Fact]
    public void A_host_outside_development_refuses_the_development_key()
    {
        var production = Assert.Throws<InvalidOperationException>(() =>
            Builder(Environments.Production, DevelopmentKey).AddServiceDefaults("attendance"));
        var staging = Assert.Throws<InvalidOperationException>(() =>
            Builder(Environments.Staging, DevelopmentKey).AddServiceDefaults("attendance"));
        Builder(Environments.Development, DevelopmentKey).AddServiceDefaults("attendance");

        Assert.Contains("Refusing to start", production.Message);
        Assert.Contains("Refusing to start", staging.Message);
        Assert.True(DevelopmentKeyGuard.IsDevelopmentKey(DevelopmentKey));
    }

    [Fact]
    public void A_host_without_a_key_or_with_a_short_key_does_not_start()
    {
        var missing = Assert.Throws<InvalidOperationException>(() =>
            Builder(Environments.Production, null).AddServiceDefaults("attendance"));
        var tooShort = Assert.Throws<InvalidOperationException>(() =>
            Builder(Environments.Production, "short-key").AddServiceDefaults("attendance"));

        Assert.Contains("Auth:SigningKey", missing.Message);
        Assert.Contains("32 bytes", tooShort.Message);
    }

    [Theory]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://0.0.0.0:5101", false)]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://10.1.2.3:5101", false)]
    [InlineData("urls", "https://0.0.0.0:5101;http://+:5102", false)]
    [InlineData("http_ports", "8080", false)]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:5101", true)]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://[::1]:5101", true)]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://localhost:5101", true)]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "https://0.0.0.0:5101", true)]
    public void Outside_development_a_host_serves_plaintext_only_on_loopback(string setting, string value, bool starts)
    {
        var production = Builder(Environments.Production, TestAuth.SigningKey);
        production.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value });
        var development = Builder(Environments.Development, DevelopmentKey);
        development.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value });
        var meshed = Builder(Environments.Production, TestAuth.SigningKey);
        meshed.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value, ["ServiceHall:AllowPlaintext"] = "true" });

        var refused = Record.Exception(() => production.AddServiceDefaults("attendance"));
        development.AddServiceDefaults("attendance");
        meshed.AddServiceDefaults("attendance");

        if (starts)
        {
            Assert.Null(refused);
        }
        else
        {
            Assert.IsType<InvalidOperationException>(refused);
            Assert.Contains("plaintext", refused.Message);
            Assert.Contains("ServiceHall__AllowPlaintext", refused.Message);
        }
    }

    [Fact]
    public void The_work_calendar_is_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hall:TimeZone"] = "Asia/Shanghai",
            ["Hall:Calendar:StartOfWork"] = "08:30",
            ["Hall:Calendar:LunchPolicy"] = "Rotate",
            ["Hall:Calendar:Holidays:0"] = "2026-10-01",
            ["Hall:Calendar:MakeUpWorkdays:0"] = "2026-10-10",
        }).Build();

        var calendar = HostingExtensions.WorkCalendarFrom(configuration);

        Assert.False(calendar.IsWorkday(new DateOnly(2026, 10, 1)));
        Assert.True(calendar.IsWorkday(new DateOnly(2026, 10, 10)));
        Assert.Equal(new TimeOnly(8, 30), calendar.Options.StartOfWork);
        Assert.True(calendar.IsServiceTime(new DateTimeOffset(2026, 10, 9, 12, 30, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void A_host_with_a_nonsensical_calendar_does_not_start()
    {
        var builder = Builder(Environments.Development, DevelopmentKey);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hall:Calendar:EndOfWork"] = "08:00" });

        Assert.Throws<ArgumentException>(() => builder.AddServiceDefaults("attendance"));
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var health = new Health.HealthClient(hall.Attendance.Channel);

        var live = await health.CheckAsync(new HealthCheckRequest());
        var ready = await health.CheckAsync(new HealthCheckRequest { Service = "ready" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, live.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, ready.Status);
    }
}
