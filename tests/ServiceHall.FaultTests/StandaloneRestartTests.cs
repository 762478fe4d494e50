using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.FaultTests;

/// <summary>
/// The standalone host (one process, SQLite, no broker) killed with SIGKILL right after it handed an event on and
/// marked it sent: after the restart the event's effect is there, once. (An in-memory queue would have held it and
/// lost it; the standalone relay marks a row sent only once every consumer committed.)
/// </summary>
public sealed class StandaloneRestartTests
{
    private readonly Metadata _office = TestAuth.Bearer("office-restart", Roles.Office);
    private readonly Metadata _reader = TestAuth.Bearer("reader-restart", Roles.System);
    private readonly Metadata _discipline = TestAuth.Bearer("discipline-restart", Roles.DisciplineOffice);

    [Fact]
    public async Task An_event_committed_before_a_sigkill_is_consumed_after_the_restart_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicehall-tests", $"standalone-kill-{Guid.NewGuid():N}");
        var host = new ServiceProcess("standalone-kill", "deploy/Standalone", new Dictionary<string, string>
        {
            ["ServiceHall__DataFolder"] = folder,
            ["Attendance__MaxBackfill"] = "30.00:00:00", // the late morning is in an earlier week
        });
        try
        {
            await host.StartAsync();
            var attendance = new AttendanceService.AttendanceServiceClient(host.Channel);
            var discipline = new DisciplineService.DisciplineServiceClient(host.Channel);
            var id = Guid.NewGuid().ToString("N")[..8];
            await attendance.CreateUnitAsync(new CreateUnitRequest { UnitId = "u-" + id, Name = "单位 " + id }, _office);
            await attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = "w-" + id, UnitId = "u-" + id, Name = "1号" }, _office);
            await attendance.RegisterStaffAsync(new RegisterStaffRequest
                { StaffId = "s-" + id, DisplayName = "赵六", UnitId = "u-" + id, WindowId = "w-" + id }, _office);

            // From now on the host kills itself right after a StaffLate is handed on and marked sent.
            await host.TerminateAsync(TimeSpan.FromSeconds(30));
            host.SetEnvironment("ServiceHall__FaultPoints__CrashAfterPublish", "attendance.StaffLate");
            await host.StartAsync();
            var lateMorning = LastTuesdayAt(9, 40);
            var punch = new ClockInRequest
            {
                PunchId = Guid.NewGuid().ToString(), StaffId = "s-" + id, DeviceId = "reader-restart",
                PunchedAt = Timestamp.FromDateTimeOffset(lateMorning),
            };
            ClockInResponse? answer = null;
            try
            {
                answer = await attendance.ClockInAsync(punch, _reader, DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal)
            {
                // Killed before the answer left: the reader sends the same punch again after the restart.
            }
            var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(30));

            host.SetEnvironment("ServiceHall__FaultPoints__CrashAfterPublish", null);
            await host.StartAsync();
            answer ??= await attendance.ClockInAsync(punch, _reader, DateTime.UtcNow.AddSeconds(10));
            var file = await Eventually.Until(
                () => discipline.GetStaffFileAsync(new GetStaffFileRequest { StaffId = "s-" + id, Year = lateMorning.Year },
                    _discipline).ResponseAsync,
                f => f.Facts.Any(x => x.Kind == FactKind.Late), TimeSpan.FromSeconds(30), "the late fact after the restart");
            await Task.Delay(TimeSpan.FromSeconds(2)); // a second delivery, if there were one, would land by now
            var again = await discipline.GetStaffFileAsync(new GetStaffFileRequest { StaffId = "s-" + id, Year = lateMorning.Year },
                _discipline);

            Assert.Equal(137, exit); // SIGKILL, at the fault point
            Assert.True(answer.Late);
            Assert.Single(again.Facts, x => x.Kind == FactKind.Late);
            Assert.Equal(40, file.Facts.Single(x => x.Kind == FactKind.Late).Minutes);
            Assert.Contains("CrashAfterPublish", host.Tail(100_000), StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A Tuesday of an earlier week (hall time), never a holiday in the default calendar's weeks here.</summary>
    private static DateTimeOffset LastTuesdayAt(int hour, int minute)
    {
        var hall = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, hall).DateTime);
        var day = today.AddDays(-7);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
            day = day.AddDays(-1);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8));
    }
}
