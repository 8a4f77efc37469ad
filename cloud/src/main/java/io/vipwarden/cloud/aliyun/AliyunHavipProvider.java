package io.vipwarden.cloud.aliyun;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.vpc.model.v20160428.AssociateHaVipRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeHaVipsRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeHaVipsResponse;
import com.aliyuncs.vpc.model.v20160428.UnassociateHaVipRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.AssociationFlow;
import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HaVips on Alibaba Cloud through {@code aliyun-java-sdk-vpc} (VPC API 2016-04-28). Every request
 * names its endpoint itself ({@code setSysEndpoint}), so no endpoint lookup leaves the process and
 * the emulator is reached with {@code cloud.alibaba.endpoint=127.0.0.1:PORT} and
 * {@code cloud.alibaba.protocol=http}. The SDK's own retries are off: {@link CloudCaller} retries.
 */
public final class AliyunHavipProvider implements HavipProvider {
    private static final Logger log = LoggerFactory.getLogger(AliyunHavipProvider.class);
    private static final Set<String> IN_PROGRESS = Set.of("Associating", "Unassociating", "Creating", "Deleting");
    /** Alibaba accepts client tokens of up to 64 ASCII characters. */
    private static final int MAX_TOKEN = 64;

    private final AliyunSettings settings;
    private final DefaultAcsClient client;
    private final AssociationFlow flow;

    public AliyunHavipProvider(AliyunSettings settings, CloudMetrics metrics, Clock clock, CloudCaller.Sleeper sleeper) {
        this.settings = settings;
        log.info("Alibaba Cloud provider: {}", settings); // settings mask the credentials
        DefaultProfile profile = DefaultProfile.getProfile(settings.regionId(), settings.credentials().accessKeyId(),
                settings.credentials().accessKeySecret());
        this.client = new DefaultAcsClient(profile);
        client.setAutoRetry(false);
        client.setMaxRetryNumber(0);
        CloudCaller caller = new CloudCaller(AliyunErrors.PROVIDER, settings.retry(), metrics, clock, sleeper, new SecureRandom());
        this.flow = new AssociationFlow(caller, new Backend(), AssociationFlow.Actions.ALIBABA, IN_PROGRESS::contains);
    }

    /** A provider on the system clock whose metrics go into {@code registry}. */
    public static AliyunHavipProvider create(AliyunSettings settings, PrometheusRegistry registry) {
        return new AliyunHavipProvider(settings, CloudMetrics.in(registry), Clock.systemUTC(), CloudCaller.Sleeper.THREAD);
    }

    @Override
    public String name() {
        return AliyunErrors.PROVIDER;
    }

    @Override
    public boolean supportsAssociation() {
        return true;
    }

    @Override
    public HavipDescription describe(String havipId) throws CloudException {
        return flow.describe(havipId);
    }

    @Override
    public void associate(String havipId, String instanceId, String clientToken, CallGuard guard)
            throws CloudException {
        flow.associate(havipId, instanceId, token(clientToken), guard);
    }

    @Override
    public void unassociate(String havipId, String instanceId, boolean force, String clientToken, CallGuard guard)
            throws CloudException {
        flow.unassociate(havipId, instanceId, force, token(clientToken), guard);
    }

    @Override
    public void close() {
        client.shutdown();
    }

    @Override
    public String toString() {
        return "AliyunHavipProvider[" + settings + "]";
    }

    /** The caller's token when Alibaba accepts it as is, else a stable digest of it (same token in, same token out). */
    static String token(String clientToken) {
        if (clientToken == null || clientToken.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (clientToken.length() <= MAX_TOKEN && StandardCharsets.US_ASCII.newEncoder().canEncode(clientToken)) {
            return clientToken;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientToken.getBytes(StandardCharsets.UTF_8));
            return "vw-" + HexFormat.of().formatHex(digest).substring(0, MAX_TOKEN - 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private <T extends AcsResponse> T send(String action, AcsRequest<T> request, Duration timeout) throws CloudException {
        request.setSysEndpoint(settings.endpoint());
        request.setSysProtocol(settings.http() ? ProtocolType.HTTP : ProtocolType.HTTPS);
        request.setSysRegionId(settings.regionId());
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        request.setSysConnectTimeout(millis);
        request.setSysReadTimeout(millis);
        try {
            return client.getAcsResponse(request);
        } catch (ClientException e) {
            throw AliyunErrors.map(action, e);
        } catch (RuntimeException e) {
            throw AliyunErrors.unexpected(action, e);
        }
    }

    private final class Backend implements AssociationFlow.Backend {
        @Override
        public HavipDescription describe(String havipId, Duration timeout) throws CloudException {
            DescribeHaVipsRequest request = new DescribeHaVipsRequest();
            DescribeHaVipsRequest.Filter filter = new DescribeHaVipsRequest.Filter();
            filter.setKey("HaVipId");
            filter.setValues(List.of(havipId));
            request.setFilters(List.of(filter));
            DescribeHaVipsResponse response = send("DescribeHaVips", request, timeout);
            List<DescribeHaVipsResponse.HaVip> found = response.getHaVips();
            if (found == null || found.isEmpty()) {
                throw CloudErrors.exception(AliyunErrors.PROVIDER, "InvalidHaVipId.NotFound",
                        "DescribeHaVips found no HaVip " + havipId, null);
            }
            DescribeHaVipsResponse.HaVip h = found.get(0);
            String master = h.getMasterInstanceId() == null || h.getMasterInstanceId().isBlank() ? null : h.getMasterInstanceId();
            return new HavipDescription(h.getHaVipId(), h.getIpAddress(), h.getVpcId(), h.getVSwitchId(), h.getStatus(),
                    h.getAssociatedInstances(), master);
        }

        @Override
        public void associate(String havipId, String instanceId, String clientToken, Duration timeout) throws CloudException {
            AssociateHaVipRequest request = new AssociateHaVipRequest();
            request.setHaVipId(havipId);
            request.setInstanceId(instanceId);
            request.setInstanceType(settings.instanceType());
            request.setClientToken(clientToken);
            send("AssociateHaVip", request, timeout);
        }

        @Override
        public void unassociate(String havipId, String instanceId, boolean force, String clientToken, Duration timeout)
                throws CloudException {
            UnassociateHaVipRequest request = new UnassociateHaVipRequest();
            request.setHaVipId(havipId);
            request.setInstanceId(instanceId);
            request.setInstanceType(settings.instanceType());
            request.setForce(force ? "True" : "False");
            request.setClientToken(clientToken);
            send("UnassociateHaVip", request, timeout);
        }
    }
}
