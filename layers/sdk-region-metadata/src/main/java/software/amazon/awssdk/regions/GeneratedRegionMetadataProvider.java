package software.amazon.awssdk.regions;

/**
 * Replaces the SDK's generated provider of the same name in the common layer's regions jar (see the module's pom):
 * the same answers, but only the asked region's metadata class is loaded instead of all ~50 regions'.
 */
public final class GeneratedRegionMetadataProvider implements RegionMetadataProvider {

    private static final LazyMetadataTable<RegionMetadata> REGIONS =
            new LazyMetadataTable<>(LazyMetadataTable.REGION_TABLE, RegionMetadata.class);

    @Override
    public RegionMetadata regionMetadata(Region region) {
        return region == null ? null : REGIONS.get(region.id());
    }
}
