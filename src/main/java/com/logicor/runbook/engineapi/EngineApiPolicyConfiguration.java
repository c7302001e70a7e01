package com.logicor.runbook.engineapi;

import com.logicor.runbook.security.GroupMembership;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * After authentication (order 1, security.ApiAuthenticationConfiguration): the policy of write calls to the engine,
 * for engine REST and for the webapps' engine API (whose session login runs in the webapps' own filter; the policy
 * reads the session).
 */
@Configuration
public class EngineApiPolicyConfiguration {

    @Bean
    FilterRegistrationBean<EngineApiPolicyFilter> engineApiPolicyFilter(EngineApiPolicy policy, IdentityService identity,
                                                                       GroupMembership groups) {
        FilterRegistrationBean<EngineApiPolicyFilter> registration =
                new FilterRegistrationBean<>(new EngineApiPolicyFilter(policy, identity, groups));
        registration.setName("runbook-engine-api-policy");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setOrder(2);
        return registration;
    }
}
