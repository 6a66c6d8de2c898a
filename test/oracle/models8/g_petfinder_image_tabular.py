"""PetFinder.my - Pawpularity Contest style two-input regressor: the photo goes through a torchvision convnext_tiny(weights=None) whose last classifier layer is swapped with model.classifier[2] = nn.Linear(model.classifier[2].in_features, 128), the 12 binary metadata columns (Focus, Eyes, Face, Near, ...) go through a small MLP, and the two vectors are joined with torch.cat([img, meta], dim=1) for a regression head that predicts the Pawpularity score (sigmoid * 100 as in the BCE-trick notebooks). 64x64 crops keep the run short (the ConvNeXt stages go 16 -> 8 -> 4 -> 2)."""
import torch
import torch.nn as nn
import torchvision


# shapelint: input=((2, 3, 64, 64), (2, 12))
class PawpularityModel(nn.Module):
    def __init__(self, n_meta=12, img_out=128, meta_out=32):
        super().__init__()
        self.model = torchvision.models.convnext_tiny(weights=None)
        self.model.classifier[2] = nn.Linear(self.model.classifier[2].in_features, img_out)
        self.meta = nn.Sequential(
            nn.Linear(n_meta, 64),
            nn.ReLU(inplace=True),
            nn.Dropout(0.1),
            nn.Linear(64, meta_out),
            nn.ReLU(inplace=True),
        )
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Sequential(
            nn.Linear(img_out + meta_out, 64),
            nn.GELU(),
            nn.Linear(64, 1),
        )

    def forward(self, image, features):
        x = self.model(image)
        m = self.meta(features)
        x = self.dropout(torch.cat([x, m], dim=1))
        out = self.fc(x)
        return torch.sigmoid(out) * 100.0
