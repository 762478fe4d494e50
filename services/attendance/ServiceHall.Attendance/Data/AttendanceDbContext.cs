using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data;

public sealed class AttendanceDbContext(DbContextOptions<AttendanceDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<MachineClient> Clients => Set<MachineClient>();

    public DbSet<Window> Windows => Set<Window>();

    public DbSet<WindowActivity> WindowActivities => Set<WindowActivity>();

    public DbSet<WindowServiceItem> WindowServiceItems => Set<WindowServiceItem>();

    public DbSet<StaffRole> StaffRoles => Set<StaffRole>();

    public DbSet<HallDuty> HallDuties => Set<HallDuty>();

    public DbSet<PowerOffCheck> PowerOffChecks => Set<PowerOffCheck>();

    public DbSet<DutyRegisterEntry> DutyRegister => Set<DutyRegisterEntry>();

    public DbSet<WeeklySummary> WeeklySummaries => Set<WeeklySummary>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<AttendanceRecord> Records => Set<AttendanceRecord>();

    public DbSet<Punch> Punches => Set<Punch>();

    public DbSet<WindowPost> Posts => Set<WindowPost>();

    public DbSet<RosterEntry> Rosters => Set<RosterEntry>();

    public DbSet<AttendanceDay> Days => Set<AttendanceDay>();

    public DbSet<AttendanceFact> Facts => Set<AttendanceFact>();

    public DbSet<AttendanceCorrection> Corrections => Set<AttendanceCorrection>();

    public DbSet<LeaveRequest> Leaves => Set<LeaveRequest>();

    public DbSet<Outing> Outings => Set<Outing>();

    public DbSet<WindowClosure> Closures => Set<WindowClosure>();

    public DbSet<TimeAway> Aways => Set<TimeAway>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // One configuration class per entity: Data/Configurations/.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AttendanceDbContext).Assembly);
    }
}
