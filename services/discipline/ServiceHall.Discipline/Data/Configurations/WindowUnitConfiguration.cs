using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class WindowUnitConfiguration : IEntityTypeConfiguration<WindowUnit>
{
    public void Configure(EntityTypeBuilder<WindowUnit> e)
    {
        e.ToTable("window_units");
        e.HasKey(w => w.WindowId);
        e.Property(w => w.WindowId).HasMaxLength(64);
        e.Property(w => w.UnitId).HasMaxLength(64);
    }
}
