using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class BriefFactConfiguration : IEntityTypeConfiguration<BriefFact>
{
    public void Configure(EntityTypeBuilder<BriefFact> e)
    {
        e.ToTable("brief_facts");
        e.HasKey(f => f.EventId);
        e.Property(f => f.WindowId).HasMaxLength(64);
        e.Property(f => f.RefId).HasMaxLength(64);
        e.Property(f => f.TicketId).HasMaxLength(64);
        e.HasIndex(f => f.Day);
        e.HasIndex(f => new { f.Kind, f.RefId });
    }
}
