using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data.Configurations;

internal sealed class ComplaintFileConfiguration : IEntityTypeConfiguration<ComplaintFile>
{
    public void Configure(EntityTypeBuilder<ComplaintFile> e)
    {
        e.ToTable("complaints");
        e.HasKey(c => c.ComplaintId);
        e.Property(c => c.ComplaintId).HasMaxLength(64);
        e.Property(c => c.RequestId).HasMaxLength(64);
        e.HasIndex(c => c.RequestId).IsUnique();
        e.Property(c => c.WindowId).HasMaxLength(64);
        e.Property(c => c.StaffId).HasMaxLength(64);
        e.Property(c => c.CaseId).HasMaxLength(64);
        e.HasIndex(c => new { c.Status, c.DueAt });
        e.HasIndex(c => c.ReceivedAt);
        e.Property(c => c.EvidenceProtected).HasJsonListConversion();
        e.Property(c => c.EvidenceAddedBy).HasMaxLength(20_000);
        e.Property(c => c.Revision).IsConcurrencyToken();
        e.Property(x => x.SubmittedBy).HasMaxLength(200);
    }
}
