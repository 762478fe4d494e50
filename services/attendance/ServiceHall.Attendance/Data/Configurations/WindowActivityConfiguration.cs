using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Attendance.Data.Configurations;

internal sealed class WindowActivityConfiguration : IEntityTypeConfiguration<WindowActivity>
{
    public void Configure(EntityTypeBuilder<WindowActivity> e)
    {
        e.ToTable("window_activity");
        e.HasKey(a => a.WindowId);
        e.Property(a => a.WindowId).HasMaxLength(64);
        e.Property(a => a.ServingTicketId).HasMaxLength(64);
        e.Property(a => a.PausedReason).HasMaxLength(200);
        // Two events of one window consumed at once: the later commit fails and is retried on fresh data.
        e.Property(a => a.ChangedAt).IsConcurrencyToken();
    }
}
