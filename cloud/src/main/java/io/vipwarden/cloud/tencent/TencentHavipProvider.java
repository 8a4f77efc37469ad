package io.vipwarden.cloud.tencent;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.AssociateHaVipInstanceRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeHaVipsRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeHaVipsResponse;
import com.tencentcloudapi.vpc.v20170312.models.DisassociateHaVipInstanceRequest;
import com.tencentcloudapi.vpc.v20170312.models.HaVip;
import com.tencentcloudapi.vpc.v20170312.models.HaVipAssociation;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.AssociationFlow;
import io.vipwarden.cloud.CallGuard;
import io.vipwarden.cloud.CloudCaller;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;
import io.vipwarden.cloud.CloudMetrics;
import io.vipwarden.cloud.HavipDescription;
import io.vipwarden.cloud.HavipProvider;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAVIPs on Tencent Cloud through {@code tencentcloud-sdk-java} (VPC API 2017-03-12):
 * {@code DescribeHaVips}, {@code AssociateHaVipInstance}, {@code DisassociateHaVipInstance}.
 *
 * <p>Tencent's API has no client token for these actions and no transitional status: idempotency
 * comes from reading first (associate only when absent, disassociate only when present) and the
 * provider polls until the change shows. Tencent has no "force": the flag is accepted and ignored.
 */
public final class TencentHavipProvider implements HavipProvider {
    private static final Logger log = LoggerFactory.getLogger(TencentHavipProvider.class);
    static final String PROVIDER = "tencent";

    private final TencentSettings settings;
    private final VpcClient client;
    private final AssociationFlow flow;

    public TencentHavipProvider(TencentSettings settings, CloudMetrics metrics, Clock clock, CloudCaller.Sleeper sleeper) {
        this.settings = settings;
        log.info("Tencent Cloud provider: {}", settings); // settings mask the credentials
        HttpProfile http = new HttpProfile();
        http.setEndpoint(settings.endpoint());
        http.setProtocol(settings.http() ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
        int seconds = (int) Math.max(1, (settings.retry().callTimeout().toMillis() + 999) / 1000);
        http.setConnTimeout(seconds);
        http.setReadTimeout(seconds);
        http.setWriteTimeout(seconds);
        this.client = new VpcClient(new Credential(settings.credentials().accessKeyId(),
                settings.credentials().accessKeySecret()), settings.region(), new ClientProfile(ClientProfile.SIGN_TC3_256, http));
        CloudCaller caller = new CloudCaller(PROVIDER, settings.retry(), metrics, clock, sleeper, new SecureRandom());
        this.flow = AssociationFlow.withoutTransitionalStatus(caller, new Backend(), AssociationFlow.Actions.TENCENT);
    }

    /** A provider on the system clock whose metrics go into {@code registry}. */
    public static TencentHavipProvider create(TencentSettings settings, PrometheusRegistry registry) {
        return new TencentHavipProvider(settings, CloudMetrics.in(registry), Clock.systemUTC(), CloudCaller.Sleeper.THREAD);
    }

    @Override
    public String name() {
        return PROVIDER;
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
        flow.associate(havipId, instanceId, clientToken, guard);
    }

    @Override
    public void unassociate(String havipId, String instanceId, boolean force, String clientToken, CallGuard guard)
            throws CloudException {
        flow.unassociate(havipId, instanceId, force, clientToken, guard);
    }

    @Override
    public String toString() {
        return "TencentHavipProvider[" + settings + "]";
    }

    /** Maps an SDK failure: the service's code when there is one, else what the transport failure means. */
    static CloudException map(String action, TencentCloudSDKException e) {
        String code = e.getErrorCode();
        if (code == null || code.isBlank() || code.equals("ClientSideError")) {
            code = transportCode(e);
        }
        String message = action + " failed: " + e.getMessage() + (e.getRequestId() == null || e.getRequestId().isEmpty()
                ? "" : " (RequestId " + e.getRequestId() + ")");
        return CloudErrors.exception(PROVIDER, code, message, e);
    }

    private static String transportCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return CloudErrors.TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return CloudErrors.UNREACHABLE;
            }
        }
        return "ClientSideError";
    }

    private HaVipAssociation association(String havipId, String instanceId) {
        HaVipAssociation a = new HaVipAssociation();
        a.setHaVipId(havipId);
        a.setInstanceId(instanceId);
        a.setInstanceType(settings.instanceType());
        return a;
    }

    private final class Backend implements AssociationFlow.Backend {
        @Override
        public HavipDescription describe(String havipId, Duration timeout) throws CloudException {
            DescribeHaVipsRequest request = new DescribeHaVipsRequest();
            request.setHaVipIds(new String[] {havipId});
            DescribeHaVipsResponse response;
            try {
                response = client.DescribeHaVips(request);
            } catch (TencentCloudSDKException e) {
                throw map("DescribeHaVips", e);
            }
            HaVip[] set = response.getHaVipSet();
            if (set == null || set.length == 0) {
                throw CloudErrors.exception(PROVIDER, "ResourceNotFound", "DescribeHaVips found no HAVIP " + havipId, null);
            }
            HaVip h = set[0];
            List<String> associated = new ArrayList<>();
            if (h.getHaVipAssociationSet() != null) {
                for (HaVipAssociation a : h.getHaVipAssociationSet()) {
                    associated.add(a.getInstanceId());
                }
            }
            String master = h.getInstanceId() == null || h.getInstanceId().isBlank() ? null : h.getInstanceId();
            return new HavipDescription(h.getHaVipId(), h.getVip(), h.getVpcId(), h.getSubnetId(), h.getState(),
                    associated, master);
        }

        @Override
        public void associate(String havipId, String instanceId, String clientToken, Duration timeout) throws CloudException {
            AssociateHaVipInstanceRequest request = new AssociateHaVipInstanceRequest();
            request.setHaVipAssociationSet(new HaVipAssociation[] {association(havipId, instanceId)});
            try {
                client.AssociateHaVipInstance(request);
            } catch (TencentCloudSDKException e) {
                throw map("AssociateHaVipInstance", e);
            }
        }

        @Override
        public void unassociate(String havipId, String instanceId, boolean force, String clientToken, Duration timeout)
                throws CloudException {
            DisassociateHaVipInstanceRequest request = new DisassociateHaVipInstanceRequest();
            request.setHaVipAssociationSet(new HaVipAssociation[] {association(havipId, instanceId)});
            try {
                client.DisassociateHaVipInstance(request);
            } catch (TencentCloudSDKException e) {
                throw map("DisassociateHaVipInstance", e);
            }
        }
    }
}
