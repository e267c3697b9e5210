/*
 * Starts a Nacos 3.x server from its module jars the way the official distribution's
 * nacos-server.jar does in "merged" mode: a core context without a web server, then the server web
 * context (client, admin and v1 APIs on nacos.server.main.port) and the console context
 * (nacos.console.port), both children of the core context. The re-published module jars on Maven
 * Central ship every module except the tiny bootstrap one, so this file stands in for it; it was
 * written after reading alibaba/nacos bootstrap/src/main/java/com/alibaba/nacos/bootstrap/
 * NacosBootstrap.java (startWithConsole). Run with `java -cp <module classpath> NacosMergedLauncher.java`.
 */
import com.alibaba.nacos.NacosServerBasicApplication;
import com.alibaba.nacos.NacosServerWebApplication;
import com.alibaba.nacos.console.NacosConsole;
import com.alibaba.nacos.core.listener.startup.NacosStartUp;
import com.alibaba.nacos.core.listener.startup.NacosStartUpManager;
import com.alibaba.nacos.sys.env.DeploymentType;
import com.alibaba.nacos.sys.env.EnvUtil;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

public class NacosMergedLauncher {
    public static void main(String[] args) {
        EnvUtil.setDeploymentType(DeploymentType.MERGED);
        NacosStartUpManager.start(NacosStartUp.CORE_START_UP_PHASE);
        ConfigurableApplicationContext core = new SpringApplicationBuilder(NacosServerBasicApplication.class)
                .web(WebApplicationType.NONE).run(args);
        NacosStartUpManager.start(NacosStartUp.WEB_START_UP_PHASE);
        new SpringApplicationBuilder(NacosServerWebApplication.class).parent(core).run(args);
        NacosStartUpManager.start(NacosStartUp.CONSOLE_START_UP_PHASE);
        new SpringApplicationBuilder(NacosConsole.class).parent(core).run(args);
    }
}
