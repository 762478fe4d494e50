using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data.Configurations;

internal sealed class ServedVisitConfiguration : IEntityTypeConfiguration<ServedVisit>
{
    public void Configure(EntityTypeBuilder<ServedVisit> e)
    {
        e.ToTable("served_visits");
        e.HasKey(v => v.Key);
        e.Property(v => v.Key).HasMaxLength(80);
        e.Property(v => v.WindowId).HasMaxLength(64);
        e.Property(v => v.StaffId).HasMaxLength(64);
    }
}
