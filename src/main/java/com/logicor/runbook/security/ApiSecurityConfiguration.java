package com.logicor.runbook.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Spring Security guards /api and /actuator with the role matrix of {@link ApiAccessRules}: HTTP Basic
 * against the engine's identity service, stateless (no session, so no CSRF), deny by default. It sees no
 * other path: Cockpit, Tasklist and Admin ({@code /camunda/**}) keep their own session login, engine REST
 * its Camunda filter ({@link ApiAuthenticationConfiguration}).
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurityConfiguration {

    static final String[] GUARDED = {"/api/*", "/actuator/*"};

    @Bean
    EngineIdentityAuthenticationProvider engineIdentityAuthenticationProvider(IdentityService identityService) {
        return new EngineIdentityAuthenticationProvider(identityService);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, EngineIdentityAuthenticationProvider provider,
                                    IdentityService identityService,
                                    @Value("${runbook.api.max-body-bytes:16384}") long maxBodyBytes) throws Exception {
        ApiRefusals refusals = new ApiRefusals();
        http.securityMatcher("/api/**", "/actuator/**")
                .authenticationProvider(provider)
                .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers(ApiAccessRules.HEALTH, ApiAccessRules.HEALTH + "/**").permitAll();
                    for (ApiAccessRules.Rule rule : ApiAccessRules.RULES) {
                        authorize.requestMatchers(rule.matcher()).hasAnyAuthority(rule.groups().toArray(String[]::new));
                    }
                    authorize.anyRequest().denyAll();
                })
                .addFilterBefore(new RequestBodyLimit(maxBodyBytes), BasicAuthenticationFilter.class)
                .addFilterAfter(new EngineCurrentUserFilter(identityService), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Spring Boot puts the security filter in front of every path; here it covers only /api and /actuator, so
     * that even its request firewall never touches the webapps or engine REST.
     */
    @Bean
    static BeanPostProcessor securityFilterOnlyOnGuardedPaths() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // the registration Spring Boot's SecurityFilterAutoConfiguration makes for the security filter chain
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && "securityFilterChainRegistration".equals(beanName)) {
                    registration.setUrlPatterns(java.util.List.of(GUARDED));
                }
                return bean;
            }
        };
    }
}
