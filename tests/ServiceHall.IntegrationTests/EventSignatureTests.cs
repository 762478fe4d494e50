using System.Text;
using MassTransit;
using Microsoft.Extensions.Time.Testing;
using RabbitMQ.Client;
using ServiceHall.Contracts.Attendance;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Whoever can publish to the broker cannot forge a fact: a <c>StaffLate</c> without a signature, one signed with
/// another key, and one that says a service other than attendance published it all end in discipline's error queue,
/// each with an audit record, and judge nobody; the same event signed by attendance's key is taken.
/// </summary>
public sealed class EventSignatureTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Forged_staff_late_events_are_refused_to_the_error_queue_with_an_audit_record_and_a_signed_one_is_taken()
    {
        var servers = await infra.ScopeAsync("forged");
        var db = servers.ConnectionStringOf("discipline");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        await using var discipline = await ServiceApp.StartDisciplineAsync(servers, time);
        var staff = "forged-" + Guid.NewGuid().ToString("N")[..8];
        StaffLate Late() => new(Guid.NewGuid(), HallFixture.HallTime(25, 9, 40), "hall-1", staff, "w-1", Guid.NewGuid(),
            new DateOnly(2026, 11, 25), 10);
        var unsigned = Late();
        var wrongKey = Late();
        var wrongPublisher = Late();
        var genuine = Late();

        await PublishAsync(servers, null, unsigned);
        await PublishAsync(servers, new EventSigner(new Dictionary<string, string> { ["attendance"] = "a-key-that-is-not-attendance-s-key-0001" }), wrongKey);
        await PublishAsync(servers, TestAuth.EventSigner, wrongPublisher, ctx => ctx.Headers.Set(EventSigner.PublisherHeader, "cases"));
        var errors = await ErrorQueueAsync(servers.RabbitMqUri, "servicehall.discipline_error", 3);
        await PublishAsync(servers, TestAuth.EventSigner, genuine);
        await Eventually.Until(() => Sql.CountAsync(db, """SELECT count(*) FROM attendance_violations WHERE "StaffId" = $1""", staff),
            n => n >= 1, TimeSpan.FromSeconds(30), "the signed StaffLate to be judged");

        Assert.Equal(1, await Sql.CountAsync(db, """SELECT count(*) FROM attendance_violations WHERE "StaffId" = $1""", staff));
        Assert.Equal(1, await Sql.CountAsync(db, """SELECT count(*) FROM attendance_violations WHERE "EventId" = $1""", genuine.EventId));
        Assert.Equal(3, errors.Count(e => new[] { unsigned, wrongKey, wrongPublisher }.Any(l => e.Contains(l.EventId.ToString(), StringComparison.Ordinal))));
        Assert.Contains(errors, e => e.Contains("carries no publisher", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not verify", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("belongs to attendance", StringComparison.Ordinal));
        foreach (var (forged, subject) in new[] { (unsigned, ""), (wrongKey, "attendance"), (wrongPublisher, "cases") })
        {
            Assert.Equal(1, await Sql.CountAsync(db, """
                SELECT count(*) FROM audit_records WHERE "Kind" = 'refused' AND "Method" = 'event/attendance.StaffLate'
                  AND "Outcome" = 'PERMISSION_DENIED' AND "Subject" = $1 AND "ObjectIds" LIKE $2
                """, subject, $"%event_id={forged.EventId}%"));
        }
    }

    [Fact]
    public async Task A_distributed_host_refuses_to_start_without_the_keys_of_the_events_it_consumes()
    {
        var servers = await infra.ScopeAsync("eventkeys");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ServiceApp.StartDisciplineAsync(servers, time,
            settings: new Dictionary<string, string?> { ["Events:Keys:attendance"] = "" }));
        var development = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ServiceApp.StartDisciplineAsync(servers, time,
            settings: new Dictionary<string, string?> { ["Events:Keys:cases"] = "servicehall-development-events-key-public-not-secret" }));

        Assert.Contains("Events__Keys__attendance", refused.Message);
        Assert.Contains("public development key", development.Message);
    }

    private static async Task PublishAsync(InfrastructureFixture servers, EventSigner? signer, StaffLate late,
        Action<PublishContext>? change = null)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(servers.RabbitMqUri));
            if (signer is not null)
                cfg.SignEventsWith(signer);
            if (change is not null)
                cfg.ConfigurePublish(p => p.UseExecute(change)); // after signing: what a forger would do to a signed event
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await bus.Publish(late, TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The first <paramref name="count"/> messages of an error queue, body and headers as text (left in the queue).</summary>
    private static async Task<List<string>> ErrorQueueAsync(string uri, string queue, int count)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        var found = new List<string>();
        await Eventually.Until(async () =>
        {
            try
            {
                // A connection per look: a queue whose process is not up yet answers basic.get with INTERNAL_ERROR
                // (noproc), which closes the whole connection (seen once in CI).
                await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
                var messages = new List<string>();
                while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
                {
                    var text = new StringBuilder(Encoding.UTF8.GetString(message.Body.Span));
                    foreach (var (key, value) in message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                        text.Append('\n').Append(key).Append(": ").Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value);
                    messages.Add(text.ToString());
                }
                found = messages; // the channel's close puts them back
                return messages.Count;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // (AlreadyClosedException is one of these: the connection the broker closed)
                return 0; // the error queue is declared with the first fault
            }
        }, n => n >= count, TimeSpan.FromSeconds(30), $"{count} messages in {queue}");
        return found;
    }
}
