using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using ServiceHall.Testing;

namespace ServiceHall.EndToEndTests;

/// <summary>The four services as separate processes on the real servers, driven over gRPC only.</summary>
public sealed class DistributedSuiteTests(DistributedSuiteFixture suite) : IClassFixture<DistributedSuiteFixture>
{
    private AttendanceWeekStory Story => new(suite.Attendance.Channel, suite.Discipline.Channel,
        new PostgresStoryDatabase(suite.AttendanceDatabase), () => suite.Discipline.Tail(100_000));

    [Fact]
    public async Task Three_late_mornings_in_one_week_end_in_both_sanctions_exactly_once()
    {
        await Story.RunAsync();
    }

    [Fact]
    public async Task Over_mutual_tls_a_badge_reader_known_by_its_certificate_alone_punches_the_story_into_both_sanctions()
    {
        var readerId = $"reader-tls-{Guid.NewGuid().ToString("N")[..8]}";
        using var reader = Grpc.Net.Client.GrpcChannel.ForAddress(suite.Attendance.Url, new Grpc.Net.Client.GrpcChannelOptions
            { HttpHandler = suite.Certificates.Handler(suite.Certificates.Client(readerId)) });
        var story = new AttendanceWeekStory(suite.Attendance.Channel, suite.Discipline.Channel,
            new PostgresStoryDatabase(suite.AttendanceDatabase), () => suite.Discipline.Tail(100_000), reader: (reader, readerId, null));

        await story.RunAsync();

        // Refused: a certificate from another CA (no caller), one of this CA for a client nobody registered (no role),
        // and plaintext to the TLS port.
        static ServiceHall.Attendance.V1.ClockInRequest Punch(string device) => new()
            { PunchId = Guid.NewGuid().ToString(), StaffId = "s-nobody", DeviceId = device };
        using var strange = Grpc.Net.Client.GrpcChannel.ForAddress(suite.Attendance.Url, new Grpc.Net.Client.GrpcChannelOptions
            { HttpHandler = suite.Certificates.Handler(TestCertificates.FromStrangeAuthority(readerId)) });
        using var unregistered = Grpc.Net.Client.GrpcChannel.ForAddress(suite.Attendance.Url, new Grpc.Net.Client.GrpcChannelOptions
            { HttpHandler = suite.Certificates.Handler(suite.Certificates.Client("reader-unregistered")) });
        using var plaintext = Grpc.Net.Client.GrpcChannel.ForAddress(suite.Attendance.Url.Replace("https://", "http://", StringComparison.Ordinal));
        var fromStranger = await Assert.ThrowsAsync<RpcException>(() => new ServiceHall.Attendance.V1.AttendanceService
            .AttendanceServiceClient(strange).ClockInAsync(Punch(readerId), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        var fromUnknown = await Assert.ThrowsAsync<RpcException>(() => new ServiceHall.Attendance.V1.AttendanceService
            .AttendanceServiceClient(unregistered).ClockInAsync(Punch("reader-unregistered"), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        var inPlaintext = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(plaintext)
            .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.StartsWith("https://", suite.Attendance.Url, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, fromStranger.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, fromUnknown.StatusCode);
        Assert.NotEqual(StatusCode.OK, inPlaintext.StatusCode);
    }

    [Fact]
    public async Task A_week_of_the_hall_runs_from_clock_ins_visits_reviews_and_inspections_to_the_monday_brief()
    {
        await new HallWeekStory(suite.Attendance.Channel, suite.Cases.Channel, suite.Complaints.Channel,
            suite.Discipline.Channel).RunAsync();
    }

    [Fact]
    public async Task Every_service_serves_health_without_a_token()
    {
        foreach (var service in new[] { suite.Attendance, suite.Cases, suite.Complaints, suite.Discipline })
        {
            var reply = await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest { Service = "ready" });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    [Fact]
    public async Task One_clock_in_is_one_trace_across_attendance_and_discipline()
    {
        var story = Story;
        var staffId = await story.RegisterAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        // A late morning of a closed day: its fact is final a moment later, and its event continues the call's trace.
        var lateMorning = AttendanceWeekStory.HallAt(AttendanceWeekStory.ClosedWorkday(DateTimeOffset.UtcNow), 9, 30);

        var response = await story.ClockInAsync(staffId, lateMorning, Guid.NewGuid().ToString(),
            new Metadata { { "traceparent", traceparent } });

        Assert.True(response.Late);
        // Spans arrive in batches from two processes: wait until every expected one is in.
        Func<Span, bool>[] expected =
        [
            s => s.Service == "servicehall-attendance" && s.Kind == 2 && s.Name.Contains("ClockIn", StringComparison.Ordinal),
            s => s.Service == "servicehall-attendance" && s.IsDatabase,
            s => s.Service == "servicehall-attendance" && s.Name.StartsWith("outbox publish attendance.StaffLate", StringComparison.Ordinal),
            s => s.Service == "servicehall-attendance" && s.Kind == 4, // MassTransit send
            s => s.Service == "servicehall-discipline" && s.Kind == 5, // MassTransit consume
            s => s.Service == "servicehall-discipline" && s.IsDatabase,
        ];
        var spans = await Eventually.Until(async () => Spans(await suite.Dashboard.GetTraceAsync(traceId)),
            s => expected.All(e => s.Any(e)), TimeSpan.FromSeconds(60), "every expected span in the dashboard");
        foreach (var e in expected)
            Assert.Contains(spans, s => e(s));
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
    }

    [Fact]
    public async Task A_citizens_visit_is_one_trace_across_cases_and_attendance_without_personal_data()
    {
        var story = new CitizenVisitStory(suite.Attendance.Channel, suite.Cases.Channel);
        await story.SetUpAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        await story.VisitAsync(new Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } });

        Func<Span, bool>[] expected =
        [
            s => s.Service == "servicehall-cases" && s.Kind == 2 && s.Name.Contains("TakeTicket", StringComparison.Ordinal),
            s => s.Service == "servicehall-cases" && s.Name == "ticket called",
            s => s.Service == "servicehall-cases" && s.Name == "ticket started",
            s => s.Service == "servicehall-cases" && s.Name == "application received",
            s => s.Service == "servicehall-cases" && s.Name.StartsWith("outbox publish cases.ServiceStarted", StringComparison.Ordinal),
            s => s.Service == "servicehall-cases" && s.Name.StartsWith("outbox publish cases.CaseAccepted", StringComparison.Ordinal),
            s => s.Service == "servicehall-attendance" && s.Kind == 5, // the wall consumes ServiceStarted
        ];
        using var trace = await Eventually.Until(() => suite.Dashboard.GetTraceAsync(traceId),
            t => t is not null && expected.All(e => Spans(t).Any(e)), TimeSpan.FromSeconds(60), "the visit's spans in the dashboard");
        var spans = Spans(trace);
        foreach (var e in expected)
            Assert.Contains(spans, s => e(s));
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        var raw = trace!.RootElement.GetRawText();
        Assert.DoesNotContain(story.IdNumber, raw);
        Assert.DoesNotContain(CitizenVisitStory.ApplicantName, raw);
        Assert.DoesNotContain(story.IdNumber, suite.Cases.Tail(1_000_000));
    }

    [Fact]
    public async Task Idle_services_send_no_traces_of_their_own()
    {
        // Outbox polling and start-up schema work are not traced: every trace begins at a request or a message.
        await Task.Delay(TimeSpan.FromSeconds(3)); // let a few relay polls and exports happen
        using var all = await suite.Dashboard.GetTracesAsync();
        var spans = Spans(all);

        Assert.DoesNotContain(spans, s => s.IsDatabase && s.ParentSpanId.Length == 0);
    }

    private sealed record Span(string Service, string TraceId, string Name, int Kind, bool IsDatabase, string ParentSpanId);

    private static List<Span> Spans(JsonDocument? trace)
    {
        var spans = new List<Span>();
        if (trace is null)
            return spans;
        var root = trace.RootElement.TryGetProperty("data", out var data) ? data : trace.RootElement;
        foreach (var resourceSpans in root.GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
                .FirstOrDefault() ?? "";
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var attributes = span.TryGetProperty("attributes", out var a)
                        ? a.EnumerateArray().Select(x => x.GetProperty("key").GetString() ?? "").ToList()
                        : [];
                    spans.Add(new Span(service, span.GetProperty("traceId").GetString() ?? "",
                        span.GetProperty("name").GetString() ?? "",
                        span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                        attributes.Any(k => k.StartsWith("db.", StringComparison.Ordinal)),
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : ""));
                }
            }
        }
        return spans;
    }
}
