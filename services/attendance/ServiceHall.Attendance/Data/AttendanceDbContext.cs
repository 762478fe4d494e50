using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data;

public sealed class AttendanceDbContext(DbContextOptions<AttendanceDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

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
        modelBuilder.Entity<Unit>(e =>
        {
            e.ToTable("units");
            e.HasKey(u => u.UnitId);
            e.Property(u => u.UnitId).HasMaxLength(64);
            e.Property(u => u.HallId).HasMaxLength(64);
            e.Property(u => u.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<WindowActivity>(e =>
        {
            e.ToTable("window_activity");
            e.HasKey(a => a.WindowId);
            e.Property(a => a.WindowId).HasMaxLength(64);
            e.Property(a => a.ServingTicketId).HasMaxLength(64);
            e.Property(a => a.PausedReason).HasMaxLength(200);
            // Two events of one window consumed at once: the later commit fails and is retried on fresh data.
            e.Property(a => a.ChangedAt).IsConcurrencyToken();
        });
        modelBuilder.Entity<WindowServiceItem>(e =>
        {
            e.ToTable("window_service_items");
            e.HasKey(i => new { i.WindowId, i.ItemId });
            e.Property(i => i.WindowId).HasMaxLength(64);
            e.Property(i => i.ItemId).HasMaxLength(64);
            e.HasIndex(i => i.ItemId);
        });
        modelBuilder.Entity<StaffRole>(e =>
        {
            e.ToTable("staff_roles");
            e.HasKey(r => new { r.StaffId, r.Role });
            e.Property(r => r.StaffId).HasMaxLength(64);
        });
        modelBuilder.Entity<HallDuty>(e =>
        {
            e.ToTable("hall_duties");
            e.HasKey(d => d.Date);
            e.Property(d => d.UnitId).HasMaxLength(64);
            e.Property(d => d.DutyStaffId).HasMaxLength(64);
            e.Property(d => d.DutyLeaderStaffId).HasMaxLength(64);
            e.Property(d => d.AssignedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<PowerOffCheck>(e =>
        {
            e.ToTable("power_off_checks");
            e.HasKey(c => new { c.Date, c.WindowId });
            e.Property(c => c.WindowId).HasMaxLength(64);
            e.Property(c => c.Note).HasMaxLength(500);
            e.Property(c => c.CheckedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<DutyRegisterEntry>(e =>
        {
            e.ToTable("duty_register");
            e.HasKey(r => r.Date);
            e.Property(r => r.WrittenBy).HasMaxLength(128);
            e.Property(r => r.Note).HasMaxLength(1000);
        });
        modelBuilder.Entity<WeeklySummary>(e =>
        {
            e.ToTable("weekly_summaries");
            e.HasKey(w => w.WeekStart);
        });
        modelBuilder.Entity<Window>(e =>
        {
            e.ToTable("windows");
            e.HasKey(w => w.WindowId);
            e.Property(w => w.WindowId).HasMaxLength(64);
            e.Property(w => w.UnitId).HasMaxLength(64);
            e.Property(w => w.Name).HasMaxLength(200);
            e.Property(w => w.ClosedReason).HasMaxLength(200);
        });
        modelBuilder.Entity<WindowClosure>(e =>
        {
            e.ToTable("window_closures");
            e.HasKey(c => c.ClosureId);
            e.Property(c => c.ClosureId).HasMaxLength(64);
            e.Property(c => c.WindowId).HasMaxLength(64);
            e.Property(c => c.Reason).HasMaxLength(200);
            e.Property(c => c.ApprovedBy).HasMaxLength(128);
            e.Property(c => c.RequestedBy).HasMaxLength(128);
            e.HasIndex(c => new { c.WindowId, c.StartsAt });
        });
        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("staff");
            e.HasKey(s => s.StaffId);
            e.Property(s => s.StaffId).HasMaxLength(64);
            e.Property(s => s.DisplayName).HasMaxLength(100);
            e.Property(s => s.UnitId).HasMaxLength(64);
            e.Property(s => s.WindowId).HasMaxLength(64);
            e.HasIndex(s => s.WindowId);
        });
        modelBuilder.Entity<AttendanceRecord>(e =>
        {
            e.ToTable("attendance_records");
            e.HasKey(r => r.RecordId);
            e.Property(r => r.StaffId).HasMaxLength(64);
            e.HasIndex(r => new { r.StaffId, r.WorkDate }).IsUnique();
        });
        modelBuilder.Entity<Punch>(e =>
        {
            e.ToTable("punches");
            e.HasKey(p => p.PunchId);
            e.Property(p => p.PunchId).HasMaxLength(64);
            e.Property(p => p.StaffId).HasMaxLength(64);
            e.Property(p => p.DeviceId).HasMaxLength(64);
            e.HasIndex(p => p.RecordId);
            e.HasIndex(p => new { p.StaffId, p.PunchedAt });
        });
        modelBuilder.Entity<Outing>(e =>
        {
            e.ToTable("outings");
            e.HasKey(o => o.OutingId);
            e.Property(o => o.OutingId).HasMaxLength(64);
            e.Property(o => o.StaffId).HasMaxLength(64);
            e.Property(o => o.Reason).HasMaxLength(500);
            e.Property(o => o.ApprovedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<TimeAway>(e =>
        {
            e.ToTable("away_from_post");
            e.HasKey(a => a.AwayId);
            e.Property(a => a.StaffId).HasMaxLength(64);
            e.Property(a => a.WindowId).HasMaxLength(64);
            e.Property(a => a.OutingId).HasMaxLength(64);
            e.HasIndex(a => new { a.StaffId, a.LeftAt });
            e.HasIndex(a => new { a.StaffId, a.ReturnedAt });
        });
        modelBuilder.Entity<LeaveRequest>(e =>
        {
            e.ToTable("leave_requests");
            e.HasKey(l => l.LeaveId);
            e.Property(l => l.LeaveId).HasMaxLength(64);
            e.Property(l => l.StaffId).HasMaxLength(64);
            e.Property(l => l.SubstituteStaffId).HasMaxLength(64);
            e.Property(l => l.ApprovedBy).HasMaxLength(128);
            e.Property(l => l.Reason).HasMaxLength(500);
            e.Property(l => l.EndedBy).HasMaxLength(128);
            e.Property(l => l.EndReason).HasMaxLength(500);
            e.HasIndex(l => new { l.StaffId, l.StartsAt });
        });
        modelBuilder.Entity<AttendanceDay>(e =>
        {
            e.ToTable("attendance_days");
            e.HasKey(d => new { d.StaffId, d.WorkDate });
            e.Property(d => d.StaffId).HasMaxLength(64);
            e.Property(d => d.ClosedBy).HasMaxLength(32);
            e.Property(d => d.Revision).IsConcurrencyToken();
            e.HasIndex(d => d.WorkDate);
        });
        modelBuilder.Entity<AttendanceCorrection>(e =>
        {
            e.ToTable("attendance_corrections");
            e.HasKey(c => c.CorrectionId);
            e.Property(c => c.CorrectionId).HasMaxLength(64);
            e.Property(c => c.StaffId).HasMaxLength(64);
            e.Property(c => c.PunchId).HasMaxLength(64);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.Property(c => c.FiledBy).HasMaxLength(128);
            e.Property(c => c.DecidedBy).HasMaxLength(128);
            e.Property(c => c.DecisionReason).HasMaxLength(500);
            e.HasIndex(c => new { c.StaffId, c.WorkDate });
            e.HasIndex(c => new { c.WorkDate, c.Status });
        });
        modelBuilder.Entity<AttendanceFact>(e =>
        {
            e.ToTable("attendance_facts");
            e.HasKey(f => f.FactId);
            e.Property(f => f.StaffId).HasMaxLength(64);
            e.Property(f => f.WindowId).HasMaxLength(64);
            e.Property(f => f.Key).HasMaxLength(64);
            e.Property(f => f.Settings).HasMaxLength(500);
            e.Property(f => f.EndedBy).HasMaxLength(128);
            e.Property(f => f.EndedReason).HasMaxLength(500);
            e.Property(f => f.TraceParent).HasMaxLength(128);
            e.HasIndex(f => new { f.StaffId, f.WorkDate });
            e.HasIndex(f => new { f.WorkDate, f.Status });
        });
        modelBuilder.Entity<RosterEntry>(e =>
        {
            e.ToTable("roster_entries");
            e.HasKey(r => new { r.WindowId, r.Date, r.StaffId });
            e.Property(r => r.WindowId).HasMaxLength(64);
            e.Property(r => r.StaffId).HasMaxLength(64);
            e.HasIndex(r => new { r.StaffId, r.Date });
        });
        modelBuilder.Entity<WindowPost>(e =>
        {
            e.ToTable("window_posts");
            e.HasKey(p => new { p.WindowId, p.StaffId });
        });
    }
}
