using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class ReviewFactConfiguration : IEntityTypeConfiguration<ReviewFact>
{
    public void Configure(EntityTypeBuilder<ReviewFact> e)
    {
        e.ToTable("review_facts");
        e.HasKey(r => r.ReviewId);
        e.Property(r => r.ReviewId).HasMaxLength(64);
        e.Property(r => r.StaffId).HasMaxLength(64);
        e.HasIndex(r => r.Day);
    }
}
