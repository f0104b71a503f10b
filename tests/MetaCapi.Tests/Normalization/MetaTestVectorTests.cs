using MetaCapi.Normalization;
using static MetaCapi.Tests.Normalization.NormalizerHarness;

namespace MetaCapi.Tests.Normalization;

/// <summary>The hashes of Meta's documentation and of its SDKs, run on the real code (docs/normalization.md#test-vectors).</summary>
public sealed class MetaTestVectorTests
{
    [Theory]
    [InlineData("john_smith@gmail.com", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f")]
    [InlineData("16505551212", "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176")]
    [InlineData("mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec")]
    [InlineData("정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14")]
    [InlineData("val\u00e9ry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("19970216", "01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c")]
    [InlineData("us", "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621")]
    [InlineData("f", "252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111")]
    [InlineData("m", "62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a")]
    [InlineData("john.smith@gmail.com", "d0c648bc36f12061bec770df216cea2ab95851b9350fd54b658de53b0407767a")]
    [InlineData("maryjane", "f08f448a5e7a9dc3619bb7c129f6a7d5fc6af002cea17ad71dfdc1c68f4d4e0e")]
    [InlineData("obrien", "b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba")]
    [InlineData("jos\u00e9", "d994e1d001886fe5b45b1267bd1fa2b752ac50742579bd3dad7b2a2aa0ed6866")]
    [InlineData("newyork", "350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5")]
    [InlineData("ny", "1b06e2003f8420d6fa42badd8f77ec0f706b976b7a48b13c567dc5a559681683")]
    [InlineData("ca", "6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126")]
    [InlineData("94035", "1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e")]
    [InlineData("m11ae", "1dc694c2070e697769fb959b50671d76cafd430d8ca191fbdd0affcaea344ac5")]
    [InlineData("gb", "0b407281768f0e833afef47ed464b6571d01ca4d53c12ce5c51d1462f4ad6677")]
    [InlineData("19900512", "85d0a203b9701075211bee2e603064fe969cd14e76b383f4068d3cadfba7811b")]
    [InlineData("user123", "e606e38b0d8c19b24cf0ee3808183162ea7cd63ff7912dbb22b5e803286b4446")]
    public void Sha256_of_normalized_value_equals_Meta_vector(string normalized, string expected) =>
        Assert.Equal(expected, Sha256Hex.Of(normalized));

    [Fact]
    public void Sha256_of_a_long_value_uses_a_pooled_buffer_and_is_still_right()
    {
        var text = new string('é', 2000);
        Assert.Equal(Hash(text), Sha256Hex.Of(text));
    }

    [Theory]
    [InlineData("em", "John_Smith@gmail.com", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f")]
    [InlineData("em", "  JOHN.SMITH@Gmail.COM ", "d0c648bc36f12061bec770df216cea2ab95851b9350fd54b658de53b0407767a")]
    [InlineData("fn", "Mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec")]
    [InlineData("fn", "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14")]
    [InlineData("fn", "Val\u00e9ry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("fn", "Vale\u0301ry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")]
    [InlineData("fn", "  Mary-Jane ", "f08f448a5e7a9dc3619bb7c129f6a7d5fc6af002cea17ad71dfdc1c68f4d4e0e")]
    [InlineData("ln", "O'Brien", "b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba")]
    [InlineData("fn", "JOS\u00c9", "d994e1d001886fe5b45b1267bd1fa2b752ac50742579bd3dad7b2a2aa0ed6866")]
    [InlineData("db", "2/16/1997", "01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c")]
    [InlineData("db", "1990-05-12", "85d0a203b9701075211bee2e603064fe969cd14e76b383f4068d3cadfba7811b")]
    [InlineData("ge", "Female", "252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111")]
    [InlineData("ge", "woman", "252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111")]
    [InlineData("ge", "Male", "62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a")]
    [InlineData("st", "New York", "1b06e2003f8420d6fa42badd8f77ec0f706b976b7a48b13c567dc5a559681683")]
    [InlineData("st", "California", "6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126")]
    [InlineData("zp", "94035-1234", "1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e")]
    [InlineData("zp", "M1 1AE", "1dc694c2070e697769fb959b50671d76cafd430d8ca191fbdd0affcaea344ac5")]
    [InlineData("country", "United States", "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621")]
    [InlineData("country", "United Kingdom", "0b407281768f0e833afef47ed464b6571d01ca4d53c12ce5c51d1462f4ad6677")]
    [InlineData("external_id", "User 123", "e606e38b0d8c19b24cf0ee3808183162ea7cd63ff7912dbb22b5e803286b4446")]
    public void Raw_value_hashes_to_Meta_vector(string key, string raw, string expected)
    {
        var (data, _) = Run((key, raw));
        var list = key switch
        {
            "em" => data.Em,
            "fn" => data.Fn,
            "ln" => data.Ln,
            "db" => data.Db,
            "ge" => data.Ge,
            "st" => data.St,
            "zp" => data.Zp,
            "country" => data.Country,
            _ => data.ExternalId,
        };
        Assert.Equal([expected], list);
    }

    [Fact]
    public void Phone_from_Meta_documentation_hashes_to_its_vector_with_country_us()
    {
        var (data, diagnostics) = Run(("ph", "(650)555-1212"), ("country", "us"));
        Assert.Equal(["e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"], data.Ph);
        Assert.Empty(diagnostics.All);
    }
}
