package software.amazon.awssdk.regions;

/**
 * Replaces the SDK's generated provider of the same name in the common layer's regions jar (see the module's pom):
 * the same answers, but only the asked service's metadata class is loaded. The SDK asks once per client, for the
 * client's signing region; its own provider builds all of the ~310 services' metadata objects to answer.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final LazyMetadataTable<ServiceMetadata> SERVICES =
            new LazyMetadataTable<>(LazyMetadataTable.SERVICE_TABLE, ServiceMetadata.class);

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return SERVICES.get(endpointPrefix);
    }
}
