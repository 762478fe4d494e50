using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data.Configurations;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> e)
    {
        e.ToTable("reviews");
        e.HasKey(r => r.ReviewId);
        e.Property(r => r.ReviewId).HasMaxLength(64);
        e.Property(r => r.RequestId).HasMaxLength(64);
        e.HasIndex(r => r.RequestId).IsUnique();
        // One review per ticket and per case (NULLs do not collide in a unique index).
        e.Property(r => r.TicketId).HasMaxLength(64);
        e.HasIndex(r => r.TicketId).IsUnique();
        e.Property(r => r.CaseId).HasMaxLength(64);
        e.HasIndex(r => r.CaseId).IsUnique();
        e.Property(r => r.WindowId).HasMaxLength(64);
        e.Property(r => r.StaffId).HasMaxLength(64);
        e.Property(r => r.AppealedBy).HasMaxLength(128);
        e.Property(r => r.AppealDecidedBy).HasMaxLength(128);
        e.Property(r => r.AppealReason).HasMaxLength(2000);
        e.Property(r => r.AppealDecisionReason).HasMaxLength(2000);
        e.HasIndex(r => r.SubmittedAt);
        e.Ignore(r => r.Bad);
        e.Property(r => r.Revision).IsConcurrencyToken();
        e.Property(x => x.SubmittedBy).HasMaxLength(200);
    }
}
