package io.yuqing.radar.jobs.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves region strings and place entities to province and city from the hand-written table
 * {@code regions.txt} (all 34 provincial-level divisions, their capitals and larger cities, with
 * GB/T 2260 codes). Immutable after loading and thread-safe; the table is loaded once per JVM.
 *
 * <ul>
 *   <li>{@link #resolve(String)} reads a post's region field: a GB/T 2260 code (420100 → 湖北/武汉,
 *       420111 → 湖北/武汉, 420000 → 湖北) or free text in which names are found anywhere
 *       (武汉市洪山区, 湖北 武汉, 广东省广州市天河区).</li>
 *   <li>{@link #resolvePlace(String)} reads one place entity, more strictly: it must begin with a
 *       known name, and a city name must be followed by nothing, an administrative suffix
 *       (市 区 县 州 …) or another known name, so 中山路 is not 中山 and 北海公园 not 北海.</li>
 * </ul>
 */
public final class RegionResolver {
    private static final String RESOURCE = "io/yuqing/radar/jobs/enrich/regions.txt";
    private static final RegionResolver INSTANCE = load();

    /** A known name: a province (city null) or a city with its province. */
    private record Place(String province, String city) {}

    private final Map<String, Place> names;
    private final Map<String, Place> codes;
    private final Map<String, String> wholeProvinceCity; // province code prefix → city for 直辖市/特别行政区
    private final int longestName;

    private RegionResolver(Map<String, Place> names, Map<String, Place> codes, Map<String, String> wholeProvinceCity) {
        this.names = Map.copyOf(names);
        this.codes = Map.copyOf(codes);
        this.wholeProvinceCity = Map.copyOf(wholeProvinceCity);
        this.longestName = names.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    public static RegionResolver get() {
        return INSTANCE;
    }

    /** A post's region field: code or free text. */
    public Region resolve(String region) {
        if (region == null) {
            return Region.NONE;
        }
        String s = region.strip();
        if (s.isEmpty()) {
            return Region.NONE;
        }
        if (isDigits(s)) {
            return s.length() == 6 || s.length() == 9 || s.length() == 12 ? byCode(s.substring(0, 6)) : Region.NONE;
        }
        return scan(s, false);
    }

    /** One place entity recognised in the text. */
    public Region resolvePlace(String place) {
        if (place == null || place.isBlank()) {
            return Region.NONE;
        }
        return scan(place.strip(), true);
    }

    /** The first of the places that resolves, with a city where a later place adds one in the same province. */
    public Region resolvePlaces(List<String> places) {
        Region best = Region.NONE;
        for (String p : places) {
            Region r = resolvePlace(p);
            if (!r.isKnown()) {
                continue;
            }
            if (!best.isKnown()) {
                best = r;
            } else if (best.city() == null && r.city() != null && r.province().equals(best.province())) {
                best = new Region(best.province(), r.city());
            }
            if (best.city() != null) {
                break;
            }
        }
        return best;
    }

    private Region byCode(String code) {
        Place p = codes.get(code);
        if (p == null) {
            p = codes.get(code.substring(0, 4) + "00");
        }
        if (p == null) {
            Place province = codes.get(code.substring(0, 2) + "0000");
            if (province == null) {
                return Region.NONE;
            }
            String whole = wholeProvinceCity.get(code.substring(0, 2));
            return new Region(province.province(), whole);
        }
        String city = p.city() != null ? p.city() : wholeProvinceCity.get(code.substring(0, 2));
        return new Region(p.province(), city);
    }

    private Region scan(String s, boolean strict) {
        String province = null;
        String city = null;
        int i = 0;
        int n = s.length();
        while (i < n && (province == null || city == null)) {
            Place found = null;
            int len = Math.min(longestName, n - i);
            for (; len >= 2; len--) {
                Place p = names.get(s.substring(i, i + len));
                if (p != null && (!strict || p.city() == null || cityBoundary(s, i + len))) {
                    found = p;
                    break;
                }
            }
            if (found == null) {
                if (strict) {
                    break; // an entity must begin with the name: 洪山区 or 美国 resolve to nothing
                }
                i++;
                continue;
            }
            if (province == null) {
                province = found.province();
                city = found.city();
            } else if (city == null && found.city() != null && found.province().equals(province)) {
                city = found.city();
            }
            i += len;
            if (strict) {
                // what follows may only be an administrative suffix or another name
                while (i < n && isSuffixChar(s.charAt(i))) {
                    i++;
                }
            }
        }
        if (province == null) {
            return Region.NONE;
        }
        if (city == null) {
            city = wholeProvinceCityByName(province);
        }
        return new Region(province, city);
    }

    private String wholeProvinceCityByName(String province) {
        Place p = names.get(province);
        return p != null && p.city() != null ? p.city() : null;
    }

    private boolean cityBoundary(String s, int end) {
        if (end >= s.length()) {
            return true;
        }
        char c = s.charAt(end);
        if (isSuffixChar(c)) {
            return true;
        }
        for (int len = Math.min(longestName, s.length() - end); len >= 2; len--) {
            if (names.containsKey(s.substring(end, end + len))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSuffixChar(char c) {
        return switch (c) {
            case '省', '市', '区', '县', '州', '盟', '旗', '镇', '乡', '村', '地', ' ', '·', '-', ',', '/' -> true;
            default -> false;
        };
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static RegionResolver load() {
        Map<String, Place> names = new HashMap<>();
        Map<String, Place> codes = new HashMap<>();
        Map<String, String> whole = new HashMap<>();
        try (InputStream in = RegionResolver.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jobs jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] halves = line.split(":", 2);
                String[] head = halves[0].strip().split("\\s+");
                String code = head[0];
                String province = head[1];
                Place p = new Place(province, null);
                names.put(province, p);
                names.put(head[2], p);
                codes.put(code, p);
                String[] cities = halves[1].strip().split("\\s+");
                for (String c : cities) {
                    String[] nameAndCode = c.split(":");
                    String[] shortAndFull = nameAndCode[0].split("=");
                    String city = shortAndFull[0];
                    Place cp = new Place(province, city);
                    if (cities.length == 1 && city.equals(province)) { // 直辖市 / 特别行政区: one name for both
                        whole.put(code.substring(0, 2), city);
                        names.put(province, cp);
                        names.put(head[2], cp);
                        codes.put(code, cp);
                    } else {
                        names.putIfAbsent(city, cp); // 吉林 stays the province
                        names.put(shortAndFull.length > 1 ? shortAndFull[1] : city + "市", cp);
                    }
                    if (nameAndCode.length > 1) {
                        codes.put(nameAndCode[1], cp);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RegionResolver(names, codes, whole);
    }
}
