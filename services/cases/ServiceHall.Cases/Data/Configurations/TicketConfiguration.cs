using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.ToTable("tickets");
        e.HasKey(t => t.TicketId);
        e.Property(t => t.TicketId).HasMaxLength(64);
        e.Property(t => t.RequestId).HasMaxLength(64);
        e.HasIndex(t => t.RequestId).IsUnique();
        e.Property(t => t.Number).HasMaxLength(16);
        e.HasIndex(t => new { t.Day, t.Number }).IsUnique();
        e.Property(t => t.ItemId).HasMaxLength(64);
        e.Property(t => t.WindowId).HasMaxLength(64);
        e.Property(t => t.StaffId).HasMaxLength(64);
        e.Property(t => t.FirstStaffId).HasMaxLength(64);
        e.Property(t => t.TransferredToWindowId).HasMaxLength(64);
        e.Property(t => t.TransferReason).HasMaxLength(200);
        e.Property(t => t.TraceParent).HasMaxLength(128);
        e.HasIndex(t => new { t.Status, t.QueuedAt });
        // Two windows calling at once: the second to save the same ticket fails and calls again.
        e.Property(t => t.Revision).IsConcurrencyToken();
        e.Property(x => x.SubmittedBy).HasMaxLength(200);
    }
}
